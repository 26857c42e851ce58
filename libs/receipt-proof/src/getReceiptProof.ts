import type { ReceiptsTrie, TrieNode } from './buildReceiptsTrie.js'
import { receiptTrieKey } from './receiptTrieKey.js'

/** The RLP of each trie node referenced by hash on the key's path, root first (the `eth_getProof` shape). */
export type ReceiptProof = Uint8Array[]

function startsWith(key: Uint8Array, depth: number, path: Uint8Array): boolean {
  if (depth + path.length > key.length) return false
  for (let i = 0; i < path.length; i++) if (key[depth + i] !== path[i]) return false
  return true
}

/** The node reached from `node` along `key` at `depth`, with the new depth; undefined where the path ends. */
function step(node: TrieNode, key: Uint8Array, depth: number): { next: TrieNode; depth: number } | undefined {
  if (node.kind === 'leaf') return undefined
  if (node.kind === 'extension') {
    return startsWith(key, depth, node.path) ? { next: node.child, depth: depth + node.path.length } : undefined
  }
  if (depth >= key.length) return undefined
  const next = node.children[key[depth] as number] // reason: depth < key.length
  return next === undefined ? undefined : { next, depth: depth + 1 }
}

/**
 * Cuts the Merkle-Patricia proof of receipt `txIndex` from a built trie: the
 * root node, then every node on the key's path that its parent references by
 * hash (nodes under 32 bytes are inline in their parent and not repeated).
 * For an index the block does not have, the same walk yields an exclusion
 * proof, which {@link verifyReceiptProof} answers with `RECEIPT_NOT_FOUND`.
 * Cost: a walk over cached nodes, no hashing.
 *
 * @example
 * const trie = buildReceiptsTrie(encodedReceipts)
 * const proof = getReceiptProof(trie, 42)
 * verifyReceiptProof({ receiptsRoot: trie.root, txIndex: 42, proof }) // encodedReceipts[42]
 */
export function getReceiptProof(trie: ReceiptsTrie, txIndex: number): ReceiptProof {
  const key = receiptTrieKey(txIndex)
  if (trie.node === undefined) return [Uint8Array.of(0x80)]
  const proof: ReceiptProof = [trie.node.encoded]
  let node = trie.node
  let depth = 0
  for (let moved = step(node, key, depth); moved !== undefined; moved = step(node, key, depth)) {
    node = moved.next
    depth = moved.depth
    if (node.encoded.length >= 32) proof.push(node.encoded)
  }
  return proof
}
