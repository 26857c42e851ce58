import { digest64 } from '@chainsafe/persistent-merkle-tree'

/**
 * Generalized indices the light client proves against (altair and electra `light-client/sync-protocol.md`, capella
 * `EXECUTION_PAYLOAD_GINDEX`).
 */
export const GINDEX = {
  finalizedRoot: { altair: 105, electra: 169 },
  currentSyncCommittee: { altair: 54, electra: 86 },
  nextSyncCommittee: { altair: 55, electra: 87 },
  executionPayload: 25,
} as const

/** `floorlog2(gindex)`. */
export function gindexDepth(gindex: number): number {
  return Math.floor(Math.log2(gindex))
}

/** altair `get_subtree_index`. */
export function subtreeIndex(gindex: number): number {
  return gindex % 2 ** gindexDepth(gindex)
}

/** phase0 `is_valid_merkle_branch`. */
export function isValidMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  depth: number,
  index: number,
  root: Uint8Array,
): boolean {
  if (branch.length !== depth) return false
  let value = leaf
  for (let i = 0; i < depth; i++) {
    const sibling = branch[i] as Uint8Array // reason: i < depth === branch.length
    value = Math.floor(index / 2 ** i) % 2 === 1 ? digest64(sibling, value) : digest64(value, sibling)
  }
  return equalBytes(value, root)
}

/**
 * electra `is_valid_normalized_merkle_branch`: a branch padded at the front
 * with zero hashes (the store's latest-fork length) proves a shallower gindex.
 */
export function isValidNormalizedMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  gindex: number,
  root: Uint8Array,
): boolean {
  const depth = gindexDepth(gindex)
  const extra = branch.length - depth
  if (extra < 0) return false
  // reason: i < extra <= branch.length
  for (let i = 0; i < extra; i++) if (!isZero(branch[i] as Uint8Array)) return false
  return isValidMerkleBranch(leaf, branch.slice(extra), depth, subtreeIndex(gindex), root)
}

/** electra `normalize_merkle_branch`: pad with zero hashes at the front to `depth`. */
export function normalizeMerkleBranch(branch: readonly Uint8Array[], depth: number): Uint8Array[] {
  const extra = depth - branch.length
  return [...Array.from({ length: Math.max(0, extra) }, () => new Uint8Array(32)), ...branch]
}

export function isZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0)
}

export function isZeroBranch(branch: readonly Uint8Array[]): boolean {
  return branch.every(isZero)
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
