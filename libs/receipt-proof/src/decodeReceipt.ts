import { decodeRawReceipt } from './decodeRawReceipt.js'
import { bytesToHex } from './hex.js'
import type { Receipt } from './Receipt.js'

export type DecodeReceiptReturnType = Receipt

/**
 * Decodes a receipt's consensus bytes (legacy or EIP-2718 typed 0x1 to 0x4),
 * for instance the value {@link verifyReceiptProof} returns. Log `data` and
 * `logsBloom` are views into `bytes`; addresses and topics are lowercase hex
 * ({@link decodeRawReceipt} keeps them as bytes). Throws `RECEIPT_INVALID`.
 *
 * @example
 * const receipt = decodeReceipt(verifyReceiptProof({ receiptsRoot, txIndex, proof }))
 * receipt.status        // 1
 * receipt.logs[0].address // '0x...'
 */
export function decodeReceipt(bytes: Uint8Array): DecodeReceiptReturnType {
  const raw = decodeRawReceipt(bytes)
  const status = raw.statusOrRoot
  return {
    type: raw.type,
    ...(status.length === 32 ? { root: bytesToHex(status) } : { status: status.length === 0 ? 0 : 1 }),
    cumulativeGasUsed: raw.cumulativeGasUsed,
    logsBloom: raw.logsBloom,
    logs: raw.logs.map((log) => ({
      address: bytesToHex(log.address),
      topics: log.topics.map(bytesToHex),
      data: log.data,
    })),
  }
}
