/**
 * Test-only reference Merkle-Patricia trie built by one-at-a-time insertion
 * (the geth style), with children embedded as nested RLP lists. It shares no
 * code path with buildTrie (bulk split, raw-byte embedding) beyond encodeRlp,
 * and hashes with @noble/hashes rather than the package's WebAssembly
 * keccak, so equal roots are real evidence.
 */
import { encodeHexPrefix } from '../encodeHexPrefix.js'
import { encodeRlp, type RlpItem } from '../encodeRlp.js'
import { keccak_256 as keccak256 } from '@noble/hashes/sha3.js'
import { bytesToHex, bytesToNibbles, type Hex } from '../hex.js'

type Node =
  | { t: 'leaf'; path: number[]; value: Uint8Array }
  | { t: 'ext'; path: number[]; child: Node }
  | { t: 'branch'; kids: (Node | null)[]; value: Uint8Array | null }
  | null

function commonLength(a: number[], b: number[]): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

function emptyBranch(): Node & { t: 'branch' } {
  return { t: 'branch', kids: new Array<Node>(16).fill(null), value: null }
}

/** Puts what remains of a split path (leaf or extension) under a new branch. */
function place(
  branch: Node & { t: 'branch' },
  rest: number[],
  make: (path: number[]) => Node,
  value: Uint8Array | null,
): void {
  if (rest.length === 0) branch.value = value
  else branch.kids[rest[0] as number] = make(rest.slice(1))
}

function splitAt(prefix: number[], branch: Node): Node {
  return prefix.length > 0 ? { t: 'ext', path: prefix, child: branch } : branch
}

function insert(node: Node, path: number[], value: Uint8Array): Node {
  if (node === null) return { t: 'leaf', path, value }
  if (node.t === 'branch') {
    if (path.length === 0) node.value = value
    else node.kids[path[0] as number] = insert(node.kids[path[0] as number] ?? null, path.slice(1), value)
    return node
  }
  const cp = commonLength(node.path, path)
  if (node.t === 'leaf' && cp === node.path.length && cp === path.length) return { ...node, value }
  if (node.t === 'ext' && cp === node.path.length) return { ...node, child: insert(node.child, path.slice(cp), value) }
  const branch = emptyBranch()
  const old = node
  if (old.t === 'leaf') place(branch, old.path.slice(cp), (p) => ({ t: 'leaf', path: p, value: old.value }), old.value)
  else
    place(
      branch,
      old.path.slice(cp),
      (p) => (p.length === 0 ? old.child : { t: 'ext', path: p, child: old.child }),
      null,
    )
  place(branch, path.slice(cp), (p) => ({ t: 'leaf', path: p, value }), value)
  return splitAt(path.slice(0, cp), branch)
}

function structure(node: Exclude<Node, null>): RlpItem {
  if (node.t === 'leaf') return [encodeHexPrefix(node.path, true), node.value]
  if (node.t === 'ext') return [encodeHexPrefix(node.path, false), ref(node.child)]
  return [...node.kids.map(ref), node.value ?? new Uint8Array()]
}

function ref(node: Node): RlpItem {
  if (node === null) return new Uint8Array()
  const item = structure(node)
  const encoded = encodeRlp(item)
  return encoded.length < 32 ? item : keccak256(encoded)
}

/** Root of the trie holding `entries`, inserted in the given order. */
export function referenceTrieRoot(entries: readonly { key: Uint8Array; value: Uint8Array }[]): Hex {
  let root: Node = null
  for (const { key, value } of entries) root = insert(root, [...bytesToNibbles(key)], value)
  return bytesToHex(keccak256(root === null ? encodeRlp(new Uint8Array()) : encodeRlp(structure(root))))
}
