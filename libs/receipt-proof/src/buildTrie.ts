/**
 * Builds a Merkle-Patricia trie from all its entries at once (Yellow
 * Paper appendix D). Keys are known up front, so instead of inserting one by
 * one the sorted keys are split recursively: a range with one key is a leaf,
 * a range sharing a prefix is an extension, otherwise a branch. Each node is
 * encoded and hashed exactly once; proofs then only walk the cached nodes.
 */
import { encodeHexPrefix } from './encodeHexPrefix.js'
import { encodeRlp, encodeRlpListOfEncoded } from './encodeRlp.js'
import { bytesToHex, bytesToNibbles, keccak256, type Hex } from './hex.js'

/** A built trie node with its RLP and its reference (inline RLP if under 32 bytes, else its hash). */
export type TrieNode =
  | { kind: 'leaf'; path: Uint8Array; value: Uint8Array; encoded: Uint8Array; ref: Uint8Array }
  | { kind: 'extension'; path: Uint8Array; child: TrieNode; encoded: Uint8Array; ref: Uint8Array }
  | {
      kind: 'branch'
      children: (TrieNode | undefined)[]
      value: Uint8Array | undefined
      encoded: Uint8Array
      ref: Uint8Array
    }

/** A built trie: its root hash and the node tree proofs are cut from. */
export type Trie = {
  root: Hex
  /** Root node; undefined for the empty trie. */
  node: TrieNode | undefined
}

/** A key (bytes, not nibbles) and its non-empty value. */
export type TrieEntry = { key: Uint8Array; value: Uint8Array }

/** An entry with its key as nibbles. */
type Entry = { key: Uint8Array; value: Uint8Array }

const EMPTY_STRING_RLP = Uint8Array.of(0x80)
const HASH_PREFIX = 0xa0 // RLP prefix of a 32-byte string

/** How a parent embeds a child: the child's RLP if shorter than 32 bytes, else rlp(keccak(child)). */
function embed(node: TrieNode | undefined): Uint8Array {
  if (node === undefined) return EMPTY_STRING_RLP
  if (node.ref.length < 32) return node.ref
  const out = new Uint8Array(33)
  out[0] = HASH_PREFIX
  out.set(node.ref, 1)
  return out
}

function withRef<T extends Omit<TrieNode, 'ref'>>(node: T): T & { ref: Uint8Array } {
  return { ...node, ref: node.encoded.length < 32 ? node.encoded : keccak256(node.encoded) }
}

function compareKeys(a: Entry, b: Entry): number {
  const n = Math.min(a.key.length, b.key.length)
  // reason: i < both lengths
  for (let i = 0; i < n; i++) if (a.key[i] !== b.key[i]) return (a.key[i] as number) - (b.key[i] as number)
  return a.key.length - b.key.length
}

function commonPrefix(a: Uint8Array, b: Uint8Array, depth: number): number {
  let n = 0
  while (depth + n < a.length && depth + n < b.length && a[depth + n] === b[depth + n]) n++
  return n
}

function leaf(entry: Entry, depth: number): TrieNode {
  const path = entry.key.subarray(depth)
  const encoded = encodeRlp([encodeHexPrefix(path, true), entry.value])
  return withRef({ kind: 'leaf', path, value: entry.value, encoded })
}

function branch(entries: readonly Entry[], lo: number, hi: number, depth: number): TrieNode {
  const children: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(16).fill(undefined)
  let value: Uint8Array | undefined
  let i = lo
  // Sorted, so a key that ends here (a prefix of the others) comes first.
  if ((entries[i] as Entry).key.length === depth) value = (entries[i++] as Entry).value // reason: lo < hi
  while (i < hi) {
    const slot = (entries[i] as Entry).key[depth] as number // reason: i < hi and the key is longer than depth
    let j = i + 1
    while (j < hi && (entries[j] as Entry).key[depth] === slot) j++ // reason: j < hi
    children[slot] = build(entries, i, j, depth + 1)
    i = j
  }
  const parts = children.map(embed)
  parts.push(value === undefined ? EMPTY_STRING_RLP : encodeRlp(value))
  return withRef({ kind: 'branch', children, value, encoded: encodeRlpListOfEncoded(parts) })
}

function build(entries: readonly Entry[], lo: number, hi: number, depth: number): TrieNode {
  const first = entries[lo] as Entry // reason: callers pass lo < hi
  if (hi - lo === 1) return leaf(first, depth)
  const shared = commonPrefix(first.key, (entries[hi - 1] as Entry).key, depth) // reason: hi - 1 >= lo
  if (shared === 0) return branch(entries, lo, hi, depth)
  const path = first.key.subarray(depth, depth + shared)
  const child = build(entries, lo, hi, depth + shared)
  const encoded = encodeRlpListOfEncoded([encodeRlp(encodeHexPrefix(path, false)), embed(child)])
  return withRef({ kind: 'extension', path, child, encoded })
}

/**
 * Builds the trie of `entries` (distinct keys, non-empty values); keys may be
 * prefixes of one another (the value then sits in a branch).
 *
 * @example
 * buildTrie([{ key: utf8('do'), value: utf8('verb') }, { key: utf8('dog'), value: utf8('puppy') }]).root
 */
export function buildTrie(entries: readonly TrieEntry[]): Trie {
  const sorted: Entry[] = entries.map(({ key, value }) => ({ key: bytesToNibbles(key), value }))
  sorted.sort(compareKeys)
  const node = sorted.length === 0 ? undefined : build(sorted, 0, sorted.length, 0)
  return { root: bytesToHex(keccak256(node === undefined ? EMPTY_STRING_RLP : node.encoded)), node }
}
