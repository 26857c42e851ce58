import type { ReasonCode } from '@relaymesh/errors'
import { hexToBytes } from '@relaymesh/protocol'
import { insertBundle, recordRejections, type BundleMessage, type RejectionInput, type StoreDb } from '@relaymesh/store'
import bs58 from 'bs58'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import type { VerifySolanaSlotReturnType } from './verifySolanaSlot.js'

const ZERO32 = new Uint8Array(32)
const isId = (hex: string | null | undefined): hex is `0x${string}` =>
  typeof hex === 'string' && /^0x[0-9a-fA-F]{64}$/.test(hex)

/**
 * Stores a verified slot: the slot as the source block (number = slot, hash =
 * blockhash), its messages labelled `attested` (source tx = the 64-byte
 * signature, log index = the memo's instruction index), rejections beside
 * them; a known id on a first delivery is a `REPLAYED_MESSAGE`. Returns the
 * verified count per destination and the ids stored by this call (not replays).
 */
export async function persistSolanaSlot(
  db: StoreDb,
  p: { bundle: SolanaSlotBundle; result: VerifySolanaSlotReturnType; firstDelivery: boolean },
): Promise<{ destinations: Map<number, number>; inserted: readonly Uint8Array[]; known: readonly Uint8Array[] }> {
  const { bundle, result } = p
  const blockHash = bs58.decode(bundle.blockhash)
  const messages: BundleMessage[] = result.verified.map((v) => ({
    id: hexToBytes(v.id),
    destination: v.destination,
    nonce: v.nonce,
    sender: v.sender,
    recipient: v.recipient,
    gasLimit: v.gasLimit,
    payload: v.payload,
    sourceTxHash: v.signature,
    logIndex: v.instructionIndex,
    state: 'verified',
    traceparent: bundle.traceparents[v.id] ?? null,
  }))
  const stored = await insertBundle(db, {
    block: {
      origin: bundle.origin,
      number: BigInt(bundle.slot),
      hash: blockHash,
      parentHash: ZERO32,
      state: 'verified',
    },
    verification: 'attested',
    messages,
    observedAt: new Date(bundle.observedAt),
  })
  const rejections: RejectionInput[] = result.rejected.map((r) => ({
    stage: 'verify',
    reasonCode: r.code,
    origin: bundle.origin,
    blockHash,
    details: { reason: r.reason, signature: r.signature, instructionIndex: r.instructionIndex, slot: bundle.slot },
    messageId: isId(r.id) ? hexToBytes(r.id) : null,
  }))
  if (p.firstDelivery) {
    for (const id of stored.known)
      rejections.push({
        stage: 'verify',
        reasonCode: 'REPLAYED_MESSAGE',
        details: { slot: bundle.slot },
        messageId: id,
        origin: bundle.origin,
        blockHash,
      })
  }
  await recordRejections(db, rejections)
  const destinations = new Map<number, number>()
  for (const v of result.verified) destinations.set(v.destination, (destinations.get(v.destination) ?? 0) + 1)
  return { destinations, inserted: stored.inserted, known: stored.known }
}

/** Records a whole slot's rejection (commitment or root failure) against every id the watcher claimed. */
export async function rejectSolanaSlot(
  db: StoreDb,
  bundle: SolanaSlotBundle,
  code: ReasonCode,
  reason: string,
): Promise<void> {
  const blockHash = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(bundle.blockhash) ? bs58.decode(bundle.blockhash) : null
  const claimed = Object.keys(bundle.traceparents).filter(isId)
  const rows: RejectionInput[] = (claimed.length > 0 ? claimed : [null]).map((id) => ({
    stage: 'verify',
    reasonCode: code,
    origin: bundle.origin,
    blockHash,
    details: { scope: 'bundle', reason, slot: bundle.slot, transactions: bundle.transactions.length },
    messageId: id ? hexToBytes(id) : null,
  }))
  await recordRejections(db, rows)
}
