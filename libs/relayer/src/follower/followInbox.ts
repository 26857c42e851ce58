import { hexToBytes } from '@relaymesh/protocol'
import { getCursor, setCursor } from '@relaymesh/store'
import { numberToHex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { applyBatchSubmitted } from './applyBatchSubmitted.js'
import { decideFollowRange } from './decideFollowRange.js'
import { defaultExecuteOptions } from '../settler/executeSettledMessages.js'
import { applyExecuted, applyFailed, type ApplyFailedOptions, type ExecutionEvent } from './applyExecutions.js'
import { decodeInboxLogs, FOLLOWED_TOPICS, type InboxLog, type RpcInboxLog } from './decodeInboxLogs.js'

/** The cursor name in `chain_cursors`. */
export const INBOX_FOLLOWER_CURSOR = 'inbox-follower'

/**
 * What one follower remembers between steps: the confirmed block it has applied everything up to, and its cursor
 * once read or written (only this follower moves it, so Postgres is read once per process, not once per block).
 */
export type InboxFollowerState = { doneUpTo?: bigint | undefined; cursor?: bigint | undefined }

/**
 * One follower step for one destination, the shell of `decideFollowRange`: reads the inbox's `BatchSubmitted`,
 * `MessageExecuted` and `MessageFailed` events from the cursor up to the
 * block `txConfirmations` deep, applies them in chain order, then moves the
 * cursor. Returns true when more confirmed blocks are waiting.
 */
export async function followInbox(
  ctx: RelayerContext,
  target: BatchDestination,
  state: InboxFollowerState = {},
  options: ApplyFailedOptions = { maxAttempts: defaultExecuteOptions.maxAttempts },
): Promise<boolean> {
  const { destination, chain } = target
  const head = await chain.client.getBlockNumber({ cacheTime: 0 })
  let decision = decideFollowRange({ head, doneUpTo: state.doneUpTo, cursor: state.cursor }, chain.config)
  if (decision.kind === 'need-cursor') {
    const cursor = (await getCursor(ctx.db, { chain: destination, name: INBOX_FOLLOWER_CURSOR }))?.blockNumber ?? null
    decision = decideFollowRange({ head, doneUpTo: state.doneUpTo, cursor }, chain.config)
  }
  if (decision.kind === 'caught-up') state.doneUpTo = decision.safe
  if (decision.kind !== 'follow') return false
  const { from, to, safe } = decision
  const raw = (await chain.client.request({
    method: 'eth_getLogs',
    params: [
      {
        address: target.domain.inbox,
        topics: [[...FOLLOWED_TOPICS]],
        fromBlock: numberToHex(from),
        toBlock: numberToHex(to),
      },
    ],
  })) as RpcInboxLog[] // reason: eth_getLogs' documented answer
  const logs = decodeInboxLogs(raw)
  await applyLogs(ctx, target, logs, options)
  const block = await chain.client.getBlock({ blockNumber: to })
  await setCursor(ctx.db, {
    chain: destination,
    name: INBOX_FOLLOWER_CURSOR,
    blockNumber: to,
    blockHash: hexToBytes(block.hash),
  })
  state.cursor = to
  if (to === safe) state.doneUpTo = safe
  return to < safe
}

/** Applies logs in chain order, executions grouped into runs of one tx (and one failure reason) for bulk updates. */
async function applyLogs(
  ctx: RelayerContext,
  target: BatchDestination,
  logs: InboxLog[],
  options: ApplyFailedOptions,
): Promise<void> {
  let run: { kind: 'executed' | 'failed'; key: string; events: ExecutionEvent[] } | undefined
  const flush = async () => {
    if (run?.kind === 'executed') await applyExecuted(ctx, target.destination, run.events)
    if (run?.kind === 'failed') await applyFailed(ctx, target.destination, run.events, options)
    run = undefined
  }
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i] as InboxLog // reason: i < logs.length
    if (log.eventName === 'BatchSubmitted') {
      await flush()
      // A one-shot settlement logs its executions right after BatchSubmitted, in the same tx: applied with the batch,
      // one write per message.
      const sameTx: ExecutionEvent[] = []
      for (
        let next = logs[i + 1];
        next?.eventName === 'MessageExecuted' && next.transactionHash === log.transactionHash;
        next = logs[i + 1]
      ) {
        sameTx.push({ id: hexToBytes(next.args.id), transactionHash: next.transactionHash })
        i++
      }
      const left = await applyBatchSubmitted(
        ctx,
        target,
        { ...log.args, transactionHash: log.transactionHash, blockNumber: log.blockNumber },
        sameTx,
      )
      await applyExecuted(ctx, target.destination, left)
      continue
    }
    // MessageExecuted carries the id alone (PROTOCOL.md "Execution events"); MessageFailed its batch, leaf and reason.
    const event: ExecutionEvent =
      log.eventName === 'MessageExecuted'
        ? { id: hexToBytes(log.args.id), transactionHash: log.transactionHash }
        : {
            id: hexToBytes(log.args.id),
            batchIndex: log.args.batchIndex,
            leafIndex: log.args.leafIndex,
            transactionHash: log.transactionHash,
            reason: log.args.reason,
          }
    const kind = log.eventName === 'MessageExecuted' ? 'executed' : 'failed'
    const key = `${kind}:${log.transactionHash}:${event.reason ?? ''}`
    if (run && run.key !== key) await flush()
    run ??= { kind, key, events: [] }
    run.events.push(event)
  }
  await flush()
}
