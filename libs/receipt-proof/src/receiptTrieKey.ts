import { encodeRlp } from './encodeRlp.js'
import { ReceiptProofError } from './ReceiptProofError.js'

/**
 * The receipts trie key of a transaction: `rlp(txIndex)` (Yellow
 * Paper 4.3, receipts root). Index 0 is `0x80`, 1..127 are one byte, then
 * `0x81xx`, `0x82xxxx`.
 *
 * @example
 * receiptTrieKey(0)   // Uint8Array [0x80]
 * receiptTrieKey(5)   // Uint8Array [0x05]
 * receiptTrieKey(128) // Uint8Array [0x81, 0x80]
 */
export function receiptTrieKey(txIndex: number): Uint8Array {
  if (!Number.isSafeInteger(txIndex) || txIndex < 0) {
    throw new ReceiptProofError(`Invalid transaction index ${txIndex}`, {
      code: 'RECEIPT_NOT_FOUND',
      meta: { txIndex },
    })
  }
  let minimal: number[] = []
  for (let n = txIndex; n > 0; n = Math.floor(n / 256)) minimal = [n % 256, ...minimal]
  return encodeRlp(Uint8Array.from(minimal))
}
