import bs58 from 'bs58'
import type { SolanaSlotWireClaim } from '../bundle/SolanaSlotWire.js'
import { packVerified } from '../verifier/PackedVerification.js'
import type { VerifiedBundle } from '../verifier/SourceChain.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import type { VerifySolanaSlotReturnType } from './verifySolanaSlot.js'

const ZERO32 = new Uint8Array(32)

/**
 * The traceparent of message `position`: the watcher's claims list the slot's messages in the order
 * `extractSlotMessages` numbers them, so claim i is message i; a claim naming another id starts no trace (tracing
 * only).
 */
function traceOf(claims: readonly SolanaSlotWireClaim[], ids: Uint8Array, position: number): string | undefined {
  const claim = claims[position]
  const id = Buffer.from(ids.buffer, ids.byteOffset + 32 * position, 32)
  return claim && id.equals(claim.messageId) ? claim.traceparent : undefined
}

/**
 * A verified slot in the shape every source stores (`persistVerification`): the slot as the source block
 * (number = slot, hash = blockhash, parent hash zero), its messages as the EVM path's columns (`packVerified`: the
 * slot's packed ids as they are when every message passed, each field read from the encoded message) labelled
 * `attested` (source tx = the 64-byte signature, log index = the memo's instruction index), each refusal with its
 * signature and instruction.
 */
export function toVerifiedSlot(
  bundle: SolanaSlotBundle,
  blockHash: Uint8Array,
  result: VerifySolanaSlotReturnType,
): VerifiedBundle {
  const { messages, ids, verified } = result
  const signatures = new Map<number, Uint8Array>() // decoded once per transaction, shared by its memos
  const signatureOf = (transactionIndex: number, signature: string): Uint8Array => {
    let bytes = signatures.get(transactionIndex)
    if (!bytes) signatures.set(transactionIndex, (bytes = bs58.decode(signature)))
    return bytes
  }
  const chosen = verified.map((p) => messages[p]!) // reason: positions come from `messages`
  return {
    origin: bundle.origin,
    block: { number: BigInt(bundle.slot), hash: blockHash, parentHash: ZERO32 },
    verification: 'attested',
    messages: packVerified({
      messages: chosen.map((m) => m.encoded),
      digests: ids,
      digestAt: verified,
      txHashes: chosen.map((m) => signatureOf(m.transactionIndex, m.signature)),
      logIndexes: chosen.map((m) => m.instructionIndex),
      traceparents: verified.map((p) => traceOf(bundle.claims, ids, p)),
    }),
    refused: result.rejected.map((r) => ({
      code: r.code,
      reason: r.reason,
      messageId: r.id,
      details: { signature: r.signature, instructionIndex: r.instructionIndex },
    })),
    observedAt: bundle.observedAt,
    where: { slot: bundle.slot },
    // The slot's block time when the watcher had one (an RPC may answer null): the root is then the same on a re-sync.
    sentAt: bundle.blockTime === undefined ? bundle.observedAt : bundle.blockTime * 1000,
  }
}
