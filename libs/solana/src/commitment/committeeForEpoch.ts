import { SolanaSourceError } from '../SolanaSourceError.js'
import type { Committee, CommitteeSchedule } from './SlotCommitment.js'

/**
 * The committee that signs during `epoch`: the last schedule entry whose
 * `fromEpoch` is at most `epoch`. Pure.
 *
 * @throws {SolanaSourceError} `COMMITTEE_WRONG_EPOCH` when `epoch` precedes the
 * schedule; `COMMITTEE_INVALID` (fatal) when the schedule is not ascending.
 * @example
 * const committee = committeeForEpoch(
 *   [
 *     { fromEpoch: 0, members: a },
 *     { fromEpoch: 10, members: b },
 *   ],
 *   12,
 * ) // { epoch: 12, members: b }
 */
export function committeeForEpoch(schedule: CommitteeSchedule, epoch: number): Committee {
  let found: CommitteeSchedule[number] | undefined
  let previous = -1
  for (const entry of schedule) {
    if (entry.fromEpoch <= previous) {
      throw new SolanaSourceError('COMMITTEE_INVALID', 'committee schedule is not in ascending epoch order', {
        meta: { fromEpoch: entry.fromEpoch },
        action: 'fatal',
      })
    }
    previous = entry.fromEpoch
    if (entry.fromEpoch <= epoch) found = entry
  }
  if (found === undefined) {
    throw new SolanaSourceError('COMMITTEE_WRONG_EPOCH', `no committee for epoch ${epoch}`, { meta: { epoch } })
  }
  return { epoch, members: found.members }
}
