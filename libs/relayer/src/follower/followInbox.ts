import { hexToBytes } from '@relaymesh/protocol'
import { applyBatchSubmitted, type ApplyBatchSubmittedOptions } from './applyBatchSubmitted.js'
import { decideFollowRange, type FollowRangeOptions } from './decideFollowRange.js'
import { applyExecuted, applyFailed, type ApplyFailedOptions } from './applyExecutions.js'
import { decodeInboxLogs, type InboxLog } from './decodeInboxLogs.js'
import type { FollowerDeps } from './FollowerDeps.js'
import { planInboxLogs } from './planInboxLogs.js'

/** The cursor name in `chain_cursors`. */
export const INBOX_FOLLOWER_CURSOR = 'inbox-follower'

/**
 * What one follower remembers between steps: the confirmed block it has applied everything up to, and its cursor
 * once read or written (only this follower moves it, so Postgres is read once per process, not once per block).
 */
export type InboxFollowerState = { doneUpTo?: bigint | undefined; cursor?: bigint | undefined }

/**
 * The follower's options: its block range (the chain's `txConfirmations`, `startBlock`, `maxBlocksPerPoll`), the
 * settler's `maxAttempts` (`applyFailed`) and `batch.adoptWaitMs` (`applyBatchSubmitted`).
 */
export type FollowInboxOptions = FollowRangeOptions & ApplyFailedOptions & ApplyBatchSubmittedOptions

/**
 * One follower step for one destination, the shell of `decideFollowRange`: reads the inbox's `BatchSubmitted`,
 * `MessageExecuted` and `MessageFailed` events from the cursor up to the
 * block `txConfirmations` deep, applies them in chain order (`planInboxLogs`), then moves the
 * cursor. Returns true when more confirmed blocks are waiting.
 */
export async function followInbox(
  deps: FollowerDeps,
  state: InboxFollowerState,
  options: FollowInboxOptions,
): Promise<boolean> {
  const { destination, chain } = deps
  const head = await chain.getHead()
  let decision = decideFollowRange({ head, doneUpTo: state.doneUpTo, cursor: state.cursor }, options)
  if (decision.kind === 'need-cursor') {
    const cursor = await deps.store.getInboxFollowerCursor(destination)
    decision = decideFollowRange({ head, doneUpTo: state.doneUpTo, cursor }, options)
  }
  if (decision.kind === 'caught-up') state.doneUpTo = decision.safe
  if (decision.kind !== 'follow') return false
  const { from, to, safe } = decision
  const logs = decodeInboxLogs(await chain.getInboxLogs(from, to))
  await applyLogs(deps, logs, options)
  const block = await chain.getBlock(to)
  await deps.store.setInboxFollowerCursor({ chain: destination, blockNumber: to, blockHash: hexToBytes(block.hash) })
  state.cursor = to
  if (to === safe) state.doneUpTo = safe
  return to < safe
}

/** Applies logs in chain order, executions grouped into runs of one tx (and one failure reason) for bulk updates. */
async function applyLogs(deps: FollowerDeps, logs: readonly InboxLog[], options: FollowInboxOptions): Promise<void> {
  for (const step of planInboxLogs(logs)) {
    if (step.kind === 'executed') await applyExecuted(deps, deps.destination, step.events)
    else if (step.kind === 'failed') await applyFailed(deps, deps.destination, step.events, options)
    else await applyExecuted(deps, deps.destination, await applyBatchSubmitted(deps, step.event, step.sameTx, options))
  }
}
