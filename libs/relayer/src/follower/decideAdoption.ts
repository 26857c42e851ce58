import type { CheckBatchMembersReturnType } from '@relaymesh/store'

/**
 * `adopt`: every id is verified here and unbatched: record the settled batch as this relayer's. `wait`: some ids are
 * not verified here yet: retry the event until the verifier catches up. `never`: the inbox settled an id this
 * relayer's verifier rejected; it is not adopted (the follower logs it and moves on). `abandon`: the batch settled
 * `maxWaitMs` ago and ids are still not verified here: recorded (`BATCH_NOT_ADOPTED`) and not adopted, so the
 * follower goes on with the destination's later events instead of waiting for good.
 */
export type AdoptionDecision = 'adopt' | 'wait' | 'never' | 'abandon'

/** How long the settled batch has waited for this relayer's verifier, and how long it may. */
export type AdoptionWait = { waitedMs: number; maxWaitMs: number }

/**
 * Whether the follower adopts a batch the inbox settled that this relayer does not hold (it refused or never saw
 * the proposal), from the store's check of its ids. The chain is the source of truth for what settled, but this
 * relayer records as its own only messages its own verifier accepted. Waiting has a bound: a message this relayer
 * never observed (its peers batched and settled it before naming it to it) would otherwise stop its follower on that
 * destination for good, and with it every later settlement and execution it records.
 *
 * @example
 * decideAdoption(await checkBatchMembers(db, { destination, ids }), { waitedMs: 2_000, maxWaitMs: 600_000 }) // 'adopt'
 */
export function decideAdoption(
  check: Pick<CheckBatchMembersReturnType, 'ok' | 'notVerified'>,
  wait: AdoptionWait,
): AdoptionDecision {
  if (check.notVerified.some((m) => m.state === 'rejected')) return 'never'
  if (check.ok) return 'adopt'
  return wait.waitedMs >= wait.maxWaitMs ? 'abandon' : 'wait'
}
