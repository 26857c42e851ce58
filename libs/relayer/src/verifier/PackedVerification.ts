import { MESSAGE_GAS_LIMIT_OFFSET, MESSAGE_HEADER_BYTES } from '@relaymesh/protocol'

/**
 * A bundle's verified messages as columns, the shape the worker returns and
 * the store inserts: fixed-width fields packed back to back (message i at
 * `32 * i`), variable ones concatenated with end offsets. Typed arrays cross
 * the thread boundary as flat copies instead of thousands of cloned objects.
 */
export type PackedVerification = {
  count: number
  /** keccak256 of each message, `32 * count` bytes. */
  ids: Uint8Array
  senders: Uint8Array
  recipients: Uint8Array
  /** Each message's gas limit (PROTOCOL.md "Execution gas"). */
  gasLimits: Uint32Array
  /** Payloads back to back; message i's ends at `payloadEnds[i]`. */
  payloads: Uint8Array
  payloadEnds: Uint32Array
  txHashes: Uint8Array
  txHashEnds: Uint32Array
  destinations: Uint32Array
  nonces: BigUint64Array
  logIndexes: Uint32Array
  txIndexes: Uint32Array
  traceparents: Array<string | undefined>
  /** Where each message was claimed: index of its receipt in the bundle, and of the log in that claim. */
  claimReceipts: Uint32Array
  claimLogs: Uint32Array
}

/** A verified message as {@link packVerified} takes it: views into the proven receipt. */
export type VerifiedMessageBytes = {
  /** The encoded message (PROTOCOL.md): 85-byte header, then the payload. */
  message: Uint8Array
  id: Uint8Array
  txHash: Uint8Array
  txIndex: number
  logIndex: number
  traceparent: string | undefined
  receipt: number
  log: number
}

function concat(parts: readonly Uint8Array[], ends: Uint32Array): Uint8Array {
  let total = 0
  for (let i = 0; i < parts.length; i++) ends[i] = total += (parts[i] as Uint8Array).length // reason: i < length
  const out = new Uint8Array(total)
  for (let i = 0; i < parts.length; i++) out.set(parts[i] as Uint8Array, i === 0 ? 0 : (ends[i - 1] as number)) // reason: i < length
  return out
}

/** Packs verified messages (already well-formed: 85-byte header checked) into columns. */
export function packVerified(messages: readonly VerifiedMessageBytes[]): PackedVerification {
  const n = messages.length
  const packed: PackedVerification = {
    count: n, ids: new Uint8Array(32 * n), senders: new Uint8Array(32 * n), recipients: new Uint8Array(32 * n), gasLimits: new Uint32Array(n),
    payloadEnds: new Uint32Array(n), payloads: new Uint8Array(0), txHashEnds: new Uint32Array(n), txHashes: new Uint8Array(0),
    destinations: new Uint32Array(n), nonces: new BigUint64Array(n), logIndexes: new Uint32Array(n), txIndexes: new Uint32Array(n),
    traceparents: new Array<string | undefined>(n), claimReceipts: new Uint32Array(n), claimLogs: new Uint32Array(n),
  }
  for (let i = 0; i < n; i++) {
    const m = messages[i] as VerifiedMessageBytes // reason: i < n
    const view = new DataView(m.message.buffer, m.message.byteOffset, m.message.byteLength)
    packed.ids.set(m.id, 32 * i)
    packed.senders.set(m.message.subarray(13, 45), 32 * i)
    packed.recipients.set(m.message.subarray(49, MESSAGE_GAS_LIMIT_OFFSET), 32 * i)
    packed.gasLimits[i] = view.getUint32(MESSAGE_GAS_LIMIT_OFFSET)
    packed.nonces[i] = view.getBigUint64(1)
    packed.destinations[i] = view.getUint32(45)
    packed.logIndexes[i] = m.logIndex
    packed.txIndexes[i] = m.txIndex
    packed.traceparents[i] = m.traceparent
    packed.claimReceipts[i] = m.receipt
    packed.claimLogs[i] = m.log
  }
  packed.payloads = concat(messages.map((m) => m.message.subarray(MESSAGE_HEADER_BYTES)), packed.payloadEnds)
  packed.txHashes = concat(messages.map((m) => m.txHash), packed.txHashEnds)
  return packed
}

/** Message i's slice of a concatenated column. */
export function packedSlice(data: Uint8Array, ends: Uint32Array, i: number): Uint8Array {
  return data.subarray(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number) // reason: callers pass i < count
}
