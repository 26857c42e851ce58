import { asRlpBytes, asRlpList, decodeRlp, type RlpDecoded } from './decodeRlp.js'
import { bytesToBigInt } from './hex.js'
import { RECEIPT_TYPES } from './Receipt.js'
import { ReceiptProofError } from './ReceiptProofError.js'

/** A log decoded from receipt bytes, every field a view into them (no hex). */
export type RawReceiptLog = { address: Uint8Array; topics: Uint8Array[]; data: Uint8Array }

/**
 * A receipt decoded from its consensus bytes without converting anything to hex; `statusOrRoot` is empty, `0x01` or a
 * 32-byte root.
 */
export type RawReceipt = {
  type: number
  statusOrRoot: Uint8Array
  cumulativeGasUsed: bigint
  logsBloom: Uint8Array
  logs: RawReceiptLog[]
}

export type DecodeRawReceiptReturnType = RawReceipt

function invalid(why: string, meta: Record<string, unknown> = {}, cause?: unknown): ReceiptProofError {
  return new ReceiptProofError(`Invalid receipt bytes: ${why}`, { code: 'RECEIPT_INVALID', meta, cause })
}

function sized(item: RlpDecoded | undefined, length: number | undefined, what: string): Uint8Array {
  const bytes = asRlpBytes(item, what)
  if (length !== undefined && bytes.length !== length)
    throw invalid(`${what} must be ${length} bytes`, { what, length: bytes.length })
  return bytes
}

function decodeLog(item: RlpDecoded, i: number): RawReceiptLog {
  const fields = asRlpList(item, `log ${i}`)
  if (fields.length !== 3) throw invalid(`log ${i} has ${fields.length} fields, expected 3`, { logIndex: i })
  const topics = asRlpList(fields[1], `log ${i} topics`)
  if (topics.length > 4) throw invalid(`log ${i} has ${topics.length} topics`, { logIndex: i })
  return {
    address: sized(fields[0], 20, `log ${i} address`),
    topics: topics.map((topic, t) => sized(topic, 32, `log ${i} topic ${t}`)),
    data: sized(fields[2], undefined, `log ${i} data`),
  }
}

function checkStatus(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 32 || bytes.length === 0 || (bytes.length === 1 && bytes[0] === 1)) return bytes
  throw invalid('status is neither 0, 1 nor a 32-byte root')
}

function splitEnvelope(bytes: Uint8Array): { type: number; body: Uint8Array } {
  const first = bytes[0]
  if (first === undefined) throw invalid('empty')
  if (first >= 0xc0) return { type: 0, body: bytes }
  if (!RECEIPT_TYPES.includes(first)) throw invalid(`unsupported type 0x${first.toString(16)}`, { type: first })
  return { type: first, body: bytes.subarray(1) }
}

/**
 * Decodes a receipt's consensus bytes (legacy or EIP-2718 typed 0x1 to 0x4)
 * with the checks of {@link decodeReceipt} (which is built on it) but no hex:
 * addresses, topics and data stay byte views, for verifiers that compare
 * bytes. Throws `RECEIPT_INVALID`.
 *
 * @example
 * const { logs } = decodeRawReceipt(verifyReceiptProof({ receiptsRoot, txIndex, proof }))
 * bytesEqual(logs[0].address, outbox)
 */
export function decodeRawReceipt(bytes: Uint8Array): DecodeRawReceiptReturnType {
  const { type, body } = splitEnvelope(bytes)
  let fields: RlpDecoded[]
  try {
    fields = asRlpList(decodeRlp(body), 'receipt')
  } catch (error) {
    throw invalid('not RLP', {}, error)
  }
  if (fields.length !== 4) throw invalid(`${fields.length} fields, expected 4`)
  try {
    const cumulativeGasUsed = sized(fields[1], undefined, 'cumulativeGasUsed')
    if (cumulativeGasUsed[0] === 0) throw invalid('cumulativeGasUsed has a leading zero byte')
    return {
      type,
      statusOrRoot: checkStatus(sized(fields[0], undefined, 'status')),
      cumulativeGasUsed: bytesToBigInt(cumulativeGasUsed),
      logsBloom: sized(fields[2], 256, 'logsBloom'),
      logs: asRlpList(fields[3], 'logs').map(decodeLog),
    }
  } catch (error) {
    if (error instanceof ReceiptProofError && error.code === 'RECEIPT_INVALID') throw error
    throw invalid('malformed field', {}, error)
  }
}
