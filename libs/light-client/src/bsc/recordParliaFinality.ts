import type { Hex } from '@relaymesh/protocol'
import type { ParliaCheckpoint } from './ParliaStore.js'
import { parliaError } from './parliaError.js'
import type { ParliaWorkingStore } from './ParliaWorkingStore.js'

/**
 * Marks `number`/`hash` final and walks its stored ancestors (a block is
 * final when a final block descends from it), filling receipts roots from
 * the headers the store holds. Stops at a block already final with its
 * receipts root, at an unknown header (its hash is kept so the header can be
 * filled in later), or at the retention bound.
 *
 * @throws {LightClientError} `PARLIA_FINALITY_CONFLICT` when another block is already final at a height.
 */
export function markParliaFinal(
  work: ParliaWorkingStore,
  number: bigint,
  hash: Hex,
  provenBy: 'checkpoint' | 'ancestry',
): void {
  const lowest = work.head === undefined ? 0n : work.head.number - work.retainBlocks
  for (let n = number, h = hash; n >= lowest; n--) {
    const existing = work.finalBlocks.get(n)
    if (existing !== undefined && existing.hash !== h) {
      throw parliaError('PARLIA_FINALITY_CONFLICT', `Block ${n} would be final twice`, {
        number: n,
        final: existing.hash,
        conflicting: h,
      })
    }
    if (existing?.receiptsRoot !== undefined) return
    const stored = work.headers.get(h)
    const proof = existing?.provenBy ?? (n === number ? provenBy : 'ancestry')
    work.finalBlocks.set(n, {
      hash: h,
      receiptsRoot: stored?.receiptsRoot,
      stateRoot: stored?.stateRoot,
      provenBy: proof,
    })
    if (stored === undefined) return
    h = stored.parentHash
  }
}

/**
 * Records a finalized checkpoint (BEP-126: the source of an attestation
 * whose target is the source's direct child) and adopts the validator sets
 * of epoch blocks that are now final.
 */
export function recordParliaFinality(work: ParliaWorkingStore, checkpoint: ParliaCheckpoint): void {
  markParliaFinal(work, checkpoint.number, checkpoint.hash, 'checkpoint')
  if (work.finalized === undefined || checkpoint.number > work.finalized.number) work.finalized = checkpoint
  adoptFinalValidatorSets(work)
}

/**
 * Moves validator sets read from epoch blocks into use once the epoch block
 * is final: a set from a header that only one validator sealed could be
 * forged, one the validators finalized cannot. A set already trusted for
 * that epoch is kept.
 */
export function adoptFinalValidatorSets(work: ParliaWorkingStore): void {
  for (const [hash, set] of work.candidateSets) {
    if (work.finalBlocks.get(set.epochNumber)?.hash !== hash) continue
    if (!work.validatorSets.has(set.epochNumber)) work.validatorSets.set(set.epochNumber, set)
    work.candidateSets.delete(hash)
  }
}
