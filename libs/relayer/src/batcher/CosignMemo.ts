import { createHash } from 'node:crypto'
import type { BatchProposal } from './BatchProposal.js'

/**
 * What a co-signer remembers between deliveries of the same proposal (a
 * proposal waiting for this relayer's verifier is redelivered every few
 * seconds, and each delivery used to redo the whole work): the proposals whose
 * stateless checks passed (root over every id, hash, proposer signature), and
 * the ids each pending proposal still waited for, so a redelivery first asks
 * Postgres about those few ids instead of the whole batch. Keyed by a digest
 * of the proposal's content, so a different proposal never hits another's
 * entry. Bounded: the oldest entries go first. It also keeps when this relayer first
 * saw each pending proposal: the co-sign deadline runs on this relayer's clock.
 */
export type CosignMemo = {
  verified: Set<string>
  pending: Map<string, Uint8Array[]>
  firstSeen: Map<string, number>
  limit: number
}

/** @example const memo = createCosignMemo() // one per batcher process */
export function createCosignMemo(limit = 256): CosignMemo {
  return { verified: new Set(), pending: new Map(), firstSeen: new Map(), limit }
}

/**
 * SHA-256 over everything the stateless checks read: batch hash (it binds the header), signature, proposer and every
 * id.
 */
export function cosignMemoKey(proposal: BatchProposal): string {
  const hash = createHash('sha256').update(proposal.batchHash).update(proposal.signature).update(proposal.proposer)
  for (const id of proposal.ids) hash.update(id)
  return hash.digest('base64')
}

/** Adds `key` to a bounded set or map, dropping the oldest entry past `limit`. */
export function rememberIn<V>(
  memo: Pick<CosignMemo, 'limit'>,
  store: Set<string> | Map<string, V>,
  key: string,
  value?: V,
): void {
  store.delete(key)
  if (store instanceof Map)
    store.set(key, value as V) // reason: a map entry is always given its value
  else store.add(key)
  // reason: a non-empty store has a first key
  if (store.size > memo.limit) store.delete(store.keys().next().value as string)
}
