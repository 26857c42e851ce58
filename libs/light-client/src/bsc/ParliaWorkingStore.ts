import type { Hex } from '@relaymesh/protocol'
import type { ParliaCheckpoint, ParliaFinalBlock, ParliaStore, ParliaStoredHeader } from './ParliaStore.js'
import type { ParliaValidatorSet } from './ParliaValidatorSet.js'

/** A private, mutable copy of a store while one batch is processed (the caller's store is never touched). */
export type ParliaWorkingStore = Omit<ParliaStore, 'validatorSets' | 'candidateSets' | 'headers' | 'finalBlocks'> & {
  validatorSets: Map<bigint, ParliaValidatorSet>
  candidateSets: Map<Hex, ParliaValidatorSet>
  headers: Map<Hex, ParliaStoredHeader>
  finalBlocks: Map<bigint, ParliaFinalBlock>
  finalized: ParliaCheckpoint | undefined
  head: ParliaCheckpoint | undefined
}

/** Copies the maps of `store` (values are immutable and shared). */
export function copyParliaStore(store: ParliaStore): ParliaWorkingStore {
  return {
    ...store,
    validatorSets: new Map(store.validatorSets),
    candidateSets: new Map(store.candidateSets),
    headers: new Map(store.headers),
    finalBlocks: new Map(store.finalBlocks),
  }
}

/** Drops history older than `retainBlocks` below the head, and validator sets older than two epochs before it. */
export function pruneParliaStore(work: ParliaWorkingStore): void {
  if (work.head === undefined) return
  const lowest = work.head.number - work.retainBlocks
  for (const [hash, header] of work.headers) if (header.number < lowest) work.headers.delete(hash)
  for (const number of work.finalBlocks.keys()) if (number < lowest) work.finalBlocks.delete(number)
  for (const [hash, set] of work.candidateSets) if (set.epochNumber < lowest) work.candidateSets.delete(hash)
  const headEpoch = work.head.number - (work.head.number % work.epochLength)
  for (const epoch of work.validatorSets.keys())
    if (epoch < headEpoch - 2n * work.epochLength) work.validatorSets.delete(epoch)
}
