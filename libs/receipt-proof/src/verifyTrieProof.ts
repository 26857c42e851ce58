/**
 * Merkle-Patricia proof verification (Yellow Paper appendix D). Walks from
 * the root along the key: every node referenced by a 32-byte hash must be the
 * next proof item and hash to it; nodes under 32 bytes are read inline from
 * their parent.
 *
 * Outcomes (codes are the receipt ones: this package only proves receipts):
 * - the key's leaf is reached: its value is returned;
 * - the hash-checked path shows the key absent (an empty trie, an empty
 *   branch slot, a leaf or extension for another path): `RECEIPT_NOT_FOUND`;
 * - anything else: `RECEIPT_PROOF_INVALID` with `meta.reason`: `bad-root`,
 *   `bad-node-hash`, `missing-node`, `unused-node` (a proof must be used
 *   exactly, for inclusion and exclusion alike), `bad-encoding` (RLP or
 *   hex-prefix), `bad-node` (a malformed node).
 */
import { decodeHexPrefix } from './decodeHexPrefix.js'
import { decodeRlp, type RlpDecoded } from './decodeRlp.js'
import { bytesEqual, bytesToNibbles, hexToBytes, keccak256, type Hex } from './hex.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type VerifyTrieProofParameters = {
  /** The trusted root hash. */
  root: Hex
  /** The key, as bytes. */
  key: Uint8Array
  /** Node RLPs, root first, as produced by {@link getTrieProof}. */
  proof: readonly Uint8Array[]
  /** Added to the `meta` of any error (the receipt wrapper puts `txIndex` here). */
  meta?: Record<string, unknown> | undefined
}

type InvalidReason = 'bad-node-hash' | 'missing-node' | 'unused-node' | 'bad-encoding' | 'bad-node' | 'bad-root'

/**
 * Where a walk reads its proof items: the plain list of node RLPs, or a table
 * of a bundle's unique nodes hashed once ({@link verifyReceiptProofs}).
 */
export type ProofNodeSource = {
  readonly length: number
  /** Whether item `i` hashes to `hash` (32 bytes). */
  hashes(i: number, hash: Uint8Array): boolean
  /** Item `i` decoded; throws on bad RLP. */
  decode(i: number): RlpDecoded
}

type Walk = { key: Uint8Array; depth: number; proof: ProofNodeSource; used: number; meta: Record<string, unknown> }

function invalid(walk: Walk, reason: InvalidReason, why: string, cause?: unknown): ReceiptProofError {
  return new ReceiptProofError(`Invalid receipt proof: ${why}`, {
    code: 'RECEIPT_PROOF_INVALID',
    meta: { ...walk.meta, reason, proofIndex: walk.used, depth: walk.depth },
    cause,
  })
}

/** An exclusion verdict; like an inclusion, it must use every proof node. */
function notFound(walk: Walk): ReceiptProofError {
  if (walk.used !== walk.proof.length)
    return invalid(walk, 'unused-node', `${walk.proof.length - walk.used} proof node(s) left over`)
  return new ReceiptProofError('No value at the key: the proof shows it absent', {
    code: 'RECEIPT_NOT_FOUND',
    meta: { ...walk.meta, depth: walk.depth },
  })
}

/** Takes the next proof item, checks it hashes to `hash`, decodes it. */
function loadNode(walk: Walk, hash: Uint8Array): RlpDecoded {
  if (walk.used >= walk.proof.length) throw invalid(walk, 'missing-node', `node ${walk.used} missing`)
  if (!walk.proof.hashes(walk.used, hash))
    throw invalid(
      walk,
      walk.used === 0 ? 'bad-root' : 'bad-node-hash',
      `node ${walk.used} does not hash to its reference`,
    )
  walk.used++
  try {
    return walk.proof.decode(walk.used - 1)
  } catch (error) {
    throw invalid(walk, 'bad-encoding', `node ${walk.used - 1} is not RLP`, error)
  }
}

/** Follows a child reference: empty (absent), a 32-byte hash (next proof item) or an inline node. */
function resolve(walk: Walk, ref: RlpDecoded | undefined): RlpDecoded | undefined {
  if (Array.isArray(ref)) return ref
  if (!(ref instanceof Uint8Array)) throw invalid(walk, 'bad-node', 'missing child reference')
  if (ref.length === 0) return undefined
  if (ref.length === 32) return loadNode(walk, ref)
  throw invalid(walk, 'bad-node', `child reference of ${ref.length} bytes`)
}

function matches(walk: Walk, path: Uint8Array, whole: boolean): boolean {
  const rest = walk.key.length - walk.depth
  if (whole ? rest !== path.length : rest < path.length) return false
  for (let i = 0; i < path.length; i++) if (walk.key[walk.depth + i] !== path[i]) return false
  return true
}

/** One step down the trie: the value once the key's leaf is reached, else the next node. */
function step(walk: Walk, node: RlpDecoded): { value: Uint8Array } | { next: RlpDecoded } {
  if (!Array.isArray(node)) throw invalid(walk, 'bad-node', 'node is not a list')
  if (node.length === 17) {
    if (walk.depth === walk.key.length) {
      const value = node[16]
      if (!(value instanceof Uint8Array)) throw invalid(walk, 'bad-node', 'branch value is a list')
      if (value.length === 0) throw notFound(walk)
      return { value }
    }
    const next = resolve(walk, node[walk.key[walk.depth] as number]) // reason: depth < key.length
    if (next === undefined) throw notFound(walk)
    walk.depth++
    return { next }
  }
  if (node.length !== 2 || !(node[0] instanceof Uint8Array))
    throw invalid(walk, 'bad-node', `node has ${node.length} items`)
  const { nibbles, isLeaf } = decodeHexPrefix(node[0])
  if (!matches(walk, nibbles, isLeaf)) throw notFound(walk)
  walk.depth += nibbles.length
  if (isLeaf) {
    if (!(node[1] instanceof Uint8Array) || node[1].length === 0)
      throw invalid(walk, 'bad-node', 'leaf value is empty or a list')
    return { value: node[1] }
  }
  if (nibbles.length === 0) throw invalid(walk, 'bad-node', 'extension with an empty path')
  const next = resolve(walk, node[1])
  if (next === undefined) throw invalid(walk, 'bad-node', 'extension to nothing')
  return { next }
}

/**
 * Verifies a Merkle-Patricia proof of `key` against a trusted `root` and
 * returns the value. Pure and synchronous (worker-thread safe).
 *
 * @throws ReceiptProofError `RECEIPT_PROOF_INVALID` or `RECEIPT_NOT_FOUND` (see the file comment).
 * @example
 * const value = verifyTrieProof({ root, key, proof: getTrieProof(buildTrie(entries), key) })
 */
export function verifyTrieProof(parameters: VerifyTrieProofParameters): Uint8Array {
  const { root, key, proof } = parameters
  return walkTrieProof(parseTrieRoot(root), key, listSource(proof), parameters.meta ?? {})
}

/** The trusted root as 32 bytes; throws `RECEIPT_PROOF_INVALID` for anything else. */
export function parseTrieRoot(root: Hex): Uint8Array {
  return hexToBytes(root, { field: 'root', code: 'RECEIPT_PROOF_INVALID' }, 32)
}

/** A plain proof: each item is hashed and decoded when the walk reaches it. */
function listSource(proof: readonly Uint8Array[]): ProofNodeSource {
  return {
    length: proof.length,
    // reason: the walk checks i < length first
    hashes: (i, hash) => bytesEqual(keccak256(proof[i] as Uint8Array), hash),
    decode: (i) => decodeRlp(proof[i] as Uint8Array), // reason: as above
  }
}

/** {@link verifyTrieProof} over any node source (same outcomes, same errors). */
export function walkTrieProof(
  root: Uint8Array,
  key: Uint8Array,
  proof: ProofNodeSource,
  meta: Record<string, unknown>,
): Uint8Array {
  const walk: Walk = { key: bytesToNibbles(key), depth: 0, proof, used: 0, meta }
  let node = loadNode(walk, root)
  // The empty trie's root node is the empty string.
  if (node instanceof Uint8Array && node.length === 0) throw notFound(walk)
  for (;;) {
    const result = step(walk, node)
    if ('value' in result) {
      if (walk.used !== proof.length)
        throw invalid(walk, 'unused-node', `${proof.length - walk.used} proof node(s) left over`)
      return result.value
    }
    node = result.next
  }
}
