import { encodeRlp } from './encodeRlp.js'
import { ReceiptProofError } from './ReceiptProofError.js'

/**
 * The receipts trie key of a transaction, as nibbles: `rlp(txIndex)` (Yellow
 * Paper 4.3, receipts root). Index 0 is `0x80`, 1..127 are one byte, then
 * `0x81xx`, `0x82xxxx`.
 *
 * @example
 * receiptTrieKey(0)   // Uint8Array [8, 0]
 * receiptTrieKey(128) // Uint8Array [8, 1, 8, 0]
 */
export function receiptTrieKey(txIndex: number): Uint8Array {
  if (!Number.isSafeInteger(txIndex) || txIndex < 0) {
    throw new ReceiptProofError(`Invalid transaction index ${txIndex}`, { code: 'RECEIPT_NOT_FOUND', meta: { txIndex } })
  }
  let minimal: number[] = []
  for (let n = txIndex; n > 0; n = Math.floor(n / 256)) minimal = [n % 256, ...minimal]
  const key = encodeRlp(Uint8Array.from(minimal))
  const nibbles = new Uint8Array(key.length * 2)
  key.forEach((byte, i) => {
    nibbles[2 * i] = byte >> 4
    nibbles[2 * i + 1] = byte & 0x0f
  })
  return nibbles
}
