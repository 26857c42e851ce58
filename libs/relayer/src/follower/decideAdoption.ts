import type { CheckBatchMembersReturnType } from '@relaymesh/store'

/**
 * `adopt`: every id is verified here and unbatched: record the settled batch as this relayer's. `wait`: some ids are
 * not verified here yet: retry the event until the verifier catches up. `never`: the inbox settled an id this
 * relayer's verifier rejected; it is not adopted (the follower logs it and moves on).
 */
export type AdoptionDecision = 'adopt' | 'wait' | 'never'

/**
 * Whether the follower adopts a batch the inbox settled that this relayer does not hold (it refused or never saw
 * the proposal), from the store's check of its ids. The chain is the source of truth for what settled, but this
 * relayer records as its own only messages its own verifier accepted.
 *
 * @example
 * decideAdoption(await checkBatchMembers(db, { destination, ids })) // 'adopt'
 */
export function decideAdoption(check: Pick<CheckBatchMembersReturnType, 'ok' | 'notVerified'>): AdoptionDecision {
  if (check.notVerified.some((m) => m.state === 'rejected')) return 'never'
  return check.ok ? 'adopt' : 'wait'
}
