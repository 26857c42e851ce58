import { buildTrie, type Trie } from './buildTrie.js'
import { receiptTrieKey } from './receiptTrieKey.js'

/** A block's receipts trie: its root, its size and the nodes {@link getReceiptProof} cuts proofs from. */
export type ReceiptsTrie = Trie & {
  /** Number of receipts (keys 0..count-1). */
  count: number
}

/** Each receipt's consensus bytes ({@link encodeReceipt}); index i is transaction i. */
export type BuildReceiptsTrieParameters = readonly Uint8Array[]

/**
 * Builds the receipts trie of a block (Yellow Paper 4.3: key rlp(txIndex),
 * value the EIP-2718 receipt) in one pass, hashing each node once; a
 * 2,000-receipt block takes tens of milliseconds. Its `root` is the
 * header's receiptsRoot.
 *
 * @example
 * const trie = buildReceiptsTrie(rpcReceipts.map((r) => encodeReceipt(r)))
 * trie.root === block.receiptsRoot // true
 * const proof = getReceiptProof(trie, 17)
 */
export function buildReceiptsTrie(receipts: BuildReceiptsTrieParameters): ReceiptsTrie {
  const trie = buildTrie(receipts.map((value, i) => ({ key: receiptTrieKey(i), value })))
  return { ...trie, count: receipts.length }
}
