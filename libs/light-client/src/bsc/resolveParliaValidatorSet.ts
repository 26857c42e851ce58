import { parliaError } from './parliaError.js'
import type { ParliaStore } from './ParliaStore.js'
import { minerHistoryCheckLen, type ParliaValidatorSet } from './ParliaValidatorSet.js'

export type ResolveParliaValidatorSetReturnType = {
  /** The set whose members may seal the block. */
  set: ParliaValidatorSet
  /** The block at which that set took over (Recents were cleared there, BEP-404); undefined if unknown. */
  switchedAt: bigint | undefined
}

function unknownSet(number: bigint, epochNumber: bigint): Error {
  return parliaError(
    'PARLIA_UNKNOWN_VALIDATOR_SET',
    `Validator set of epoch block ${epochNumber} is not known (trusted or finalized)`,
    { number, epochNumber },
  )
}

/**
 * The validator set that seals block `number`: the snapshot after block
 * number - 1 (bnb-chain/bsc `snapshot.apply`). The set listed in epoch block
 * E replaces the previous one while applying block E + minerHistoryCheckLen(previous)
 * (BEP-341), so blocks E .. E + minerHistoryCheckLen(previous) are still sealed
 * by the previous set. When the previous set is unknown (the store's first
 * trusted epoch), its size and turn length are assumed equal to the new one's,
 * as union's Parlia verifier assumes.
 *
 * @throws {LightClientError} `PARLIA_UNKNOWN_VALIDATOR_SET` (`retry`)
 * @example
 * resolveParliaValidatorSet(store, 66277003n).set.epochNumber // 66276000n: 66277000's set takes over at 66277176
 */
export function resolveParliaValidatorSet(store: ParliaStore, number: bigint): ResolveParliaValidatorSetReturnType {
  const { epochLength, validatorSets } = store
  const epoch = number - (number % epochLength)
  const current = validatorSets.get(epoch)
  const previous = epoch >= epochLength ? validatorSets.get(epoch - epochLength) : undefined
  const reference = previous ?? current
  if (reference === undefined) throw unknownSet(number, epoch)
  const switchAt = epoch + minerHistoryCheckLen(reference)
  if (number - 1n >= switchAt) {
    if (current === undefined) throw unknownSet(number, epoch)
    return { set: current, switchedAt: switchAt }
  }
  if (previous === undefined) throw unknownSet(number, epoch - epochLength)
  const beforePrevious = epoch >= 2n * epochLength ? validatorSets.get(epoch - 2n * epochLength) : undefined
  return { set: previous, switchedAt: epoch - epochLength + minerHistoryCheckLen(beforePrevious ?? previous) }
}
