import type { ReceiptsTrie } from './buildReceiptsTrie.js'
import { getTrieProof, type TrieProof } from './getTrieProof.js'
import { receiptTrieKey } from './receiptTrieKey.js'

/** The RLP of each trie node referenced by hash on the receipt's path, root first (the `eth_getProof` shape). */
export type ReceiptProof = TrieProof

/**
 * Cuts the Merkle-Patricia proof of receipt `txIndex` from a built trie: the
 * root node, then every node on the path that its parent references by hash
 * (nodes under 32 bytes are inline in their parent and not repeated). For an
 * index the block does not have, the walk yields an exclusion proof, which
 * {@link verifyReceiptProof} answers with `RECEIPT_NOT_FOUND`. Microseconds
 * each: the nodes were encoded and hashed when the trie was built.
 *
 * @example
 * const trie = buildReceiptsTrie(encodedReceipts)
 * const proof = getReceiptProof(trie, 42)
 * verifyReceiptProof({ receiptsRoot: trie.root, txIndex: 42, proof }) // encodedReceipts[42]
 */
export function getReceiptProof(trie: ReceiptsTrie, txIndex: number): ReceiptProof {
  return getTrieProof(trie, receiptTrieKey(txIndex))
}
