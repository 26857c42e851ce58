import { MESSAGE_GAS_LIMIT_OFFSET, MESSAGE_HEADER_BYTES } from '@relaymesh/protocol'
import type { BundleMessageColumns } from '@relaymesh/store'

/**
 * A bundle's verified messages as columns, the shape the worker returns and
 * the store inserts as it is (`BundleMessageColumns`). Typed arrays cross the
 * thread boundary as flat copies instead of thousands of cloned objects.
 */
export type PackedVerification = BundleMessageColumns & {
  traceparents: Array<string | undefined>
}

/**
 * A bundle's verified messages as {@link packVerified} takes them: one array per field, message i at index i, so
 * a bundle costs a few arrays rather than an object per message. Each id is read from the batch of digests the
 * verifier computed (`digests`, id i at `32 * digestAt[i]`): when every candidate verified, the digests are the
 * ids column as they are.
 */
export type VerifiedMessagesInput = {
  /** The encoded messages (PROTOCOL.md): 85-byte header, then the payload; views into the proven receipts. */
  messages: Uint8Array[]
  digests: Uint8Array
  digestAt: number[]
  txHashes: Uint8Array[]
  logIndexes: number[]
  traceparents: Array<string | undefined>
}

/** Bytes `from .. from + length` of `src` into `dst` at `at`, without a view per field. */
function copyBytes(src: Uint8Array, from: number, length: number, dst: Uint8Array, at: number): void {
  for (let k = 0; k < length; k++) dst[at + k] = src[from + k] as number // reason: callers stay in bounds
}

/** Big-endian uint32 at `at` (the message header's integers). */
const uint32At = (b: Uint8Array, at: number): number =>
  // reason: at + 3 < length
  (b[at] as number) * 0x1000000 + (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number))

/** Packs verified messages (already well-formed: 85-byte header checked) into columns, each column allocated once. */
export function packVerified(input: VerifiedMessagesInput): PackedVerification {
  const { messages, digests, digestAt } = input
  const n = messages.length
  let payloadBytes = 0
  let txHashBytes = 0
  for (let i = 0; i < n; i++) {
    payloadBytes += (messages[i] as Uint8Array).length - MESSAGE_HEADER_BYTES // reason: i < n
    txHashBytes += (input.txHashes[i] as Uint8Array).length // reason: i < n
  }
  const allDigests = digests.length === 32 * n
  const packed: PackedVerification = {
    count: n,
    ids: allDigests ? digests : new Uint8Array(32 * n),
    senders: new Uint8Array(32 * n),
    recipients: new Uint8Array(32 * n),
    gasLimits: new Uint32Array(n),
    payloads: new Uint8Array(payloadBytes),
    payloadEnds: new Uint32Array(n),
    txHashes: new Uint8Array(txHashBytes),
    txHashEnds: new Uint32Array(n),
    destinations: new Uint32Array(n),
    nonces: new BigUint64Array(n),
    logIndexes: Uint32Array.from(input.logIndexes),
    traceparents: input.traceparents,
  }
  let payloadAt = 0
  let txHashAt = 0
  for (let i = 0; i < n; i++) {
    const m = messages[i] as Uint8Array // reason: i < n
    if (!allDigests) copyBytes(digests, 32 * (digestAt[i] as number), 32, packed.ids, 32 * i) // reason: i < n
    copyBytes(m, 13, 32, packed.senders, 32 * i)
    copyBytes(m, 49, 32, packed.recipients, 32 * i)
    packed.gasLimits[i] = uint32At(m, MESSAGE_GAS_LIMIT_OFFSET)
    packed.nonces[i] = (BigInt(uint32At(m, 1)) << 32n) | BigInt(uint32At(m, 5))
    packed.destinations[i] = uint32At(m, 45)
    packed.payloads.set(m.subarray(MESSAGE_HEADER_BYTES), payloadAt)
    packed.payloadEnds[i] = payloadAt += m.length - MESSAGE_HEADER_BYTES
    const txHash = input.txHashes[i] as Uint8Array // reason: i < n
    packed.txHashes.set(txHash, txHashAt)
    packed.txHashEnds[i] = txHashAt += txHash.length
  }
  return packed
}

/** Message i's slice of a concatenated column. */
export function packedSlice(data: Uint8Array, ends: Uint32Array, i: number): Uint8Array {
  return data.subarray(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number) // reason: callers pass i < count
}
