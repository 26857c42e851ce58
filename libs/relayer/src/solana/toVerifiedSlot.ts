import { hexToBytes } from '@relaymesh/protocol'
import type { VerifiedBundle } from '../verifier/SourceChain.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import type { VerifiedSolanaMessage, VerifySolanaSlotReturnType } from './verifySolanaSlot.js'

const ZERO32 = new Uint8Array(32)
const isId = (hex: string | null | undefined): hex is `0x${string}` =>
  typeof hex === 'string' && /^0x[0-9a-fA-F]{64}$/.test(hex)

/** Concatenates `parts` into one column with the end offset of each. */
function concatenated(parts: readonly Uint8Array[]): { data: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(parts.length)
  let at = 0
  parts.forEach((part, i) => (ends[i] = at += part.length))
  const data = new Uint8Array(at)
  parts.forEach((part, i) => data.set(part, (ends[i] as number) - part.length)) // reason: i < length
  return { data, ends }
}

function columns(verified: readonly VerifiedSolanaMessage[], traceOf: (id: string) => string | undefined) {
  const n = verified.length
  const ids = new Uint8Array(32 * n)
  const senders = new Uint8Array(32 * n)
  const recipients = new Uint8Array(32 * n)
  verified.forEach((v, i) => {
    ids.set(hexToBytes(v.id), 32 * i)
    senders.set(v.sender, 32 * i)
    recipients.set(v.recipient, 32 * i)
  })
  const payloads = concatenated(verified.map((v) => v.payload))
  const txHashes = concatenated(verified.map((v) => v.signature))
  return {
    count: n,
    ids,
    senders,
    recipients,
    gasLimits: Uint32Array.from(verified, (v) => v.gasLimit),
    payloads: payloads.data,
    payloadEnds: payloads.ends,
    txHashes: txHashes.data,
    txHashEnds: txHashes.ends,
    destinations: Uint32Array.from(verified, (v) => v.destination),
    nonces: BigUint64Array.from(verified, (v) => v.nonce),
    logIndexes: Uint32Array.from(verified, (v) => v.instructionIndex),
    traceparents: verified.map((v) => traceOf(v.id.toLowerCase())),
  }
}

/**
 * A verified slot in the shape every source stores (`persistVerification`): the slot as the source block
 * (number = slot, hash = blockhash, parent hash zero), its messages as columns labelled `attested` (source tx = the
 * 64-byte signature, log index = the memo's instruction index), each refusal with its signature and instruction.
 */
export function toVerifiedSlot(
  bundle: SolanaSlotBundle,
  blockHash: Uint8Array,
  result: VerifySolanaSlotReturnType,
): VerifiedBundle {
  const traces = new Map(bundle.claims.map((c) => [`0x${Buffer.from(c.messageId).toString('hex')}`, c.traceparent]))
  return {
    origin: bundle.origin,
    block: { number: BigInt(bundle.slot), hash: blockHash, parentHash: ZERO32 },
    verification: 'attested',
    messages: columns(result.verified, (id) => traces.get(id)),
    refused: result.rejected.map((r) => ({
      code: r.code,
      reason: r.reason,
      messageId: isId(r.id) ? hexToBytes(r.id) : null,
      details: { signature: r.signature, instructionIndex: r.instructionIndex },
    })),
    observedAt: bundle.observedAt,
    where: { slot: bundle.slot },
    // The slot's block time when the watcher had one (an RPC may answer null): the root is then the same on a re-sync.
    sentAt: bundle.blockTime === undefined ? bundle.observedAt : bundle.blockTime * 1000,
  }
}
