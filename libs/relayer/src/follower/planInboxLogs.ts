import { hexToBytes } from '@relaymesh/protocol'
import type { ExecutionEvent } from './applyExecutions.js'
import type { BatchSubmittedEvent } from './applyBatchSubmitted.js'
import type { InboxLog } from './decodeInboxLogs.js'

/**
 * One write of the follower: a `BatchSubmitted` with the `MessageExecuted` logs of its own tx (a one-shot
 * settlement: applied with the batch), or a run of executions or failures of one tx (failures also of one reason),
 * applied in bulk.
 */
export type InboxLogStep =
  | { kind: 'batch'; event: BatchSubmittedEvent; sameTx: ExecutionEvent[] }
  | { kind: 'executed'; events: ExecutionEvent[] }
  | { kind: 'failed'; events: ExecutionEvent[] }

/**
 * The follower's writes for a range of inbox logs, in chain order: consecutive executions of one tx (and failures of
 * one tx and one reason) grouped into one step, so a chunk of 256 executions costs one bulk update, not 256.
 *
 * @example
 * planInboxLogs(decodeInboxLogs(raw)) // [{ kind: 'batch', event, sameTx: [] }, { kind: 'executed', events }]
 */
export function planInboxLogs(logs: readonly InboxLog[]): InboxLogStep[] {
  const steps: InboxLogStep[] = []
  let key: string | undefined
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i] as InboxLog // reason: i < logs.length
    if (log.eventName === 'BatchSubmitted') {
      const sameTx: ExecutionEvent[] = []
      for (
        let next = logs[i + 1];
        next?.eventName === 'MessageExecuted' && next.transactionHash === log.transactionHash;
        next = logs[i + 1]
      ) {
        sameTx.push({ id: hexToBytes(next.args.id), transactionHash: next.transactionHash })
        i++
      }
      steps.push({
        kind: 'batch',
        event: { ...log.args, transactionHash: log.transactionHash, blockNumber: log.blockNumber },
        sameTx,
      })
      key = undefined
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
    const runKey = `${kind}:${log.transactionHash}:${event.reason ?? ''}`
    const last = steps[steps.length - 1]
    if (runKey === key && last && last.kind !== 'batch') last.events.push(event)
    else steps.push({ kind, events: [event] })
    key = runKey
  }
  return steps
}
