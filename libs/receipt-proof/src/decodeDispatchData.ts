import { ReceiptProofError } from './ReceiptProofError.js'

export type DecodeDispatchDataReturnType = Uint8Array

function invalid(why: string, meta: Record<string, unknown>): ReceiptProofError {
  return new ReceiptProofError(`Invalid Dispatch data: ${why}`, { code: 'DISPATCH_LOG_INVALID', meta })
}

/** A 32-byte ABI word as a number, or undefined if it exceeds 2^53 - 1 (no real payload is that long). */
function readWord(data: Uint8Array, offset: number): number | undefined {
  for (let i = offset; i < offset + 24; i++) if (data[i] !== 0) return undefined
  let value = 0
  // reason: caller checked 32 bytes are there
  for (let i = offset + 24; i < offset + 32; i++) value = value * 256 + (data[i] as number)
  return Number.isSafeInteger(value) ? value : undefined
}

/**
 * The message bytes of a `Dispatch` event's data, the ABI encoding of one
 * `bytes` value (Solidity ABI spec, "Formal Specification of the Encoding"):
 * a head word with offset 0x20, a length word, then the bytes zero-padded to
 * a multiple of 32. Only the canonical encoding Solidity emits is accepted
 * (exact offset, exact total length, zero padding), so a message has one
 * encoding; anything else throws `DISPATCH_LOG_INVALID`.
 *
 * @example
 * const [{ data }] = extractOutboxLogs(receipt, { outbox, dispatchTopic: DISPATCH_TOPIC })
 * const message = decodeDispatchData(data) // the 81-byte header plus payload (PROTOCOL.md)
 */
export function decodeDispatchData(data: Uint8Array): DecodeDispatchDataReturnType {
  if (data.length < 64 || data.length % 32 !== 0)
    throw invalid(`length ${data.length} is not 64 + a multiple of 32`, { length: data.length })
  const offset = readWord(data, 0)
  if (offset !== 32) throw invalid('offset word is not 0x20', { offset: offset ?? 'huge' })
  const length = readWord(data, 32)
  if (length === undefined) throw invalid('length word too large', {})
  const padded = Math.ceil(length / 32) * 32
  if (data.length !== 64 + padded)
    throw invalid(`length ${length} does not match ${data.length - 64} data bytes`, {
      length,
      dataBytes: data.length - 64,
    })
  for (let i = 64 + length; i < data.length; i++) {
    if (data[i] !== 0) throw invalid('non-zero padding', { at: i })
  }
  return data.slice(64, 64 + length)
}
