import type { Trie, TrieNode } from './buildTrie.js'
import { bytesToNibbles } from './hex.js'

/** The RLP of each trie node referenced by hash on a key's path, root first (the `eth_getProof` shape). */
export type TrieProof = Uint8Array[]

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
 * Cuts the proof of `key` (bytes) from a built trie: the root node, then
 * every node on the key's path that its parent references by hash (nodes
 * under 32 bytes sit inline in their parent and are not repeated). For an
 * absent key the same walk is an exclusion proof. No hashing: a walk over
 * cached nodes.
 *
 * @example
 * const proof = getTrieProof(buildTrie(entries), key)
 */
export function getTrieProof(trie: Trie, key: Uint8Array): TrieProof {
  const nibbles = bytesToNibbles(key)
  if (trie.node === undefined) return [Uint8Array.of(0x80)]
  const proof: TrieProof = [trie.node.encoded]
  let node = trie.node
  let depth = 0
  for (let moved = step(node, nibbles, depth); moved !== undefined; moved = step(node, nibbles, depth)) {
    node = moved.next
    depth = moved.depth
    if (node.encoded.length >= 32) proof.push(node.encoded)
  }
  return proof
}
