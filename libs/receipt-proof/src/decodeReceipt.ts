import { asRlpBytes, asRlpList, decodeRlp, type RlpDecoded } from './decodeRlp.js'
import { bytesToBigInt, bytesToHex } from './hex.js'
import { RECEIPT_TYPES, type Receipt, type ReceiptLog } from './Receipt.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type DecodeReceiptReturnType = Receipt

function invalid(why: string, meta: Record<string, unknown> = {}, cause?: unknown): ReceiptProofError {
  return new ReceiptProofError(`Invalid receipt bytes: ${why}`, { code: 'RECEIPT_INVALID', meta, cause })
}

function sized(item: RlpDecoded | undefined, length: number | undefined, what: string): Uint8Array {
  const bytes = asRlpBytes(item, what)
  if (length !== undefined && bytes.length !== length) throw invalid(`${what} must be ${length} bytes`, { what, length: bytes.length })
  return bytes
}

function decodeLog(item: RlpDecoded, i: number): ReceiptLog {
  const fields = asRlpList(item, `log ${i}`)
  if (fields.length !== 3) throw invalid(`log ${i} has ${fields.length} fields, expected 3`, { logIndex: i })
  const topics = asRlpList(fields[1], `log ${i} topics`)
  if (topics.length > 4) throw invalid(`log ${i} has ${topics.length} topics`, { logIndex: i })
  return {
    address: bytesToHex(sized(fields[0], 20, `log ${i} address`)),
    topics: topics.map((topic, t) => bytesToHex(sized(topic, 32, `log ${i} topic ${t}`))),
    data: sized(fields[2], undefined, `log ${i} data`),
  }
}

function decodeStatus(bytes: Uint8Array): Pick<Receipt, 'status' | 'root'> {
  if (bytes.length === 32) return { root: bytesToHex(bytes) }
  if (bytes.length === 0) return { status: 0 }
  if (bytes.length === 1 && bytes[0] === 1) return { status: 1 }
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
 * Decodes a receipt's consensus bytes (legacy or EIP-2718 typed 0x1 to 0x4),
 * for instance the value {@link verifyReceiptProof} returns. Log `data` and
 * `logsBloom` are views into `bytes`.
 *
 * @example
 * const receipt = decodeReceipt(verifyReceiptProof({ receiptsRoot, txIndex, proof }))
 * receipt.status        // 1
 * receipt.logs[0].address // '0x...'
 */
export function decodeReceipt(bytes: Uint8Array): DecodeReceiptReturnType {
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
      ...decodeStatus(sized(fields[0], undefined, 'status')),
      cumulativeGasUsed: bytesToBigInt(cumulativeGasUsed),
      logsBloom: sized(fields[2], 256, 'logsBloom'),
      logs: asRlpList(fields[3], 'logs').map(decodeLog),
    }
  } catch (error) {
    if (error instanceof ReceiptProofError && error.code === 'RECEIPT_INVALID') throw error
    throw invalid('malformed field', {}, error)
  }
}
