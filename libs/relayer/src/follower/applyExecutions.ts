import type { ReasonCodeOf } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { decodeErrorResult, type Hex } from 'viem'
import { toMessageTrace } from '../batch/toMessageTrace.js'
import type { MessageTrace } from '../batch/MessageTrace.js'
import { recordMessageSpans } from '../batch/traceBatch.js'
import { defaultExecuteOptions } from '../settler/executeSettledMessages.js'
import type { FollowerDeps } from './FollowerDeps.js'

/**
 * One `MessageExecuted` or `MessageFailed` log, its id as bytes (read from the log once). `MessageExecuted` logs the
 * id alone (PROTOCOL.md "Execution events"), so `batchIndex` and `leafIndex` are there for failures only.
 */
export type ExecutionEvent = {
  id: Uint8Array
  batchIndex?: bigint | undefined
  leafIndex?: number | undefined
  transactionHash: Hex
  reason?: Hex | undefined
}

/**
 * Applies a run of `MessageExecuted` events of one tx: the messages become `executed`, with a `relaymesh.execute`
 * span each, marked `relaymesh.execute.recovered` when this relayer recorded a failed attempt before. After an
 * operator's retry of a message whose last automatic attempt was ERROR, that OK span is what tells a reader of the
 * trace the failure was recovered (an exported span cannot be changed).
 */
export async function applyExecuted(
  deps: Pick<FollowerDeps, 'store' | 'tracing' | 'logger'>,
  destination: number,
  events: readonly ExecutionEvent[],
): Promise<void> {
  const first = events[0]
  if (!first) return
  const ids = events.map((e) => e.id)
  const { moved, unmoved } = await deps.store.markMessagesExecuted({
    ids,
    executionTxHash: hexToBytes(first.transactionHash),
  })
  if (unmoved.length > 0)
    deps.logger.debug(
      { destination, unmoved: unmoved.length, tx: first.transactionHash },
      'executions already recorded or unknown here',
    )
  // What follows reads the moved messages for their spans alone.
  if (moved.length === 0 || !deps.tracing.recording) return
  const groups = new Map<string, { batchIndex: string | null; recovered: boolean; messages: MessageTrace[] }>()
  for (const r of await deps.store.listExecutedTraces({ ids: moved })) {
    const batchIndex = r.batchIndex === null ? null : r.batchIndex.toString()
    const key = `${batchIndex ?? ''}/${r.recovered}`
    const group = groups.get(key) ?? { batchIndex, recovered: r.recovered, messages: [] }
    group.messages.push(toMessageTrace(r))
    groups.set(key, group)
  }
  for (const { batchIndex, recovered, messages } of groups.values()) {
    recordMessageSpans(deps.tracing, 'relaymesh.execute', messages, {
      'relaymesh.destination': destination,
      'relaymesh.tx.hash': first.transactionHash,
      'relaymesh.execute.outcome': 'executed',
      ...(batchIndex === null ? {} : { 'relaymesh.batch.index': batchIndex }),
      // Executed after failed attempts: an automatic retry's, or after the ERROR of the last one, an operator's retry.
      ...(recovered ? { 'relaymesh.execute.recovered': true } : {}),
    })
  }
}

/** The reason code of a recipient failure: the inbox's own `RecipientHasNoCode`, or the recipient's revert. */
export function failureReasonCode(reason: Hex | undefined): {
  reasonCode: ReasonCodeOf<'recipient'>
  errorName?: string
} {
  if (!reason || reason === '0x') return { reasonCode: 'RECIPIENT_REVERTED' }
  try {
    const { errorName } = decodeErrorResult({ abi: settlementInboxAbi, data: reason })
    return {
      reasonCode: errorName === 'RecipientHasNoCode' ? 'RECIPIENT_HAS_NO_CODE' : 'RECIPIENT_REVERTED',
      errorName,
    }
  } catch {
    return { reasonCode: 'RECIPIENT_REVERTED' }
  }
}

export type ApplyFailedOptions = {
  /** The settler's `ExecuteOptions.maxAttempts`: a failure with attempts left is retried, so it is no error yet. */
  maxAttempts: number
}

/**
 * Applies a run of `MessageFailed` events of one tx with the same reason: `failed`, reason and attempt recorded,
 * and one `relaymesh.execute` span per message with outcome `failed`. The span is ERROR only for the last attempt
 * the settler makes: a failure that will be retried is an attempt, not yet something wrong (a message the retry
 * executes keeps no red span in its trace); one that will not needs an operator (manual execution or admin retry).
 */
export async function applyFailed(
  deps: Pick<FollowerDeps, 'store' | 'tracing' | 'logger'>,
  destination: number,
  events: readonly ExecutionEvent[],
  options: ApplyFailedOptions = { maxAttempts: defaultExecuteOptions.maxAttempts },
): Promise<void> {
  const first = events[0]
  if (!first) return
  const txHash = hexToBytes(first.transactionHash)
  // A replayed block range (the cursor was not saved) must not count an attempt twice.
  const applied = await deps.store.listFailedByTx({ ids: events.map((e) => e.id), executionTxHash: txHash })
  const skip = new Set<string>(applied.map((id) => bytesToHex(id)))
  // Nearly always none was applied before: then no id is turned into a key.
  const ids =
    skip.size === 0 ? events.map((e) => e.id) : events.filter((e) => !skip.has(bytesToHex(e.id))).map((e) => e.id)
  const { reasonCode, errorName } = failureReasonCode(first.reason)
  const details = {
    reason: first.reason,
    errorName,
    txHash: first.transactionHash,
    batchIndex: first.batchIndex?.toString(),
    leafIndices: events.map((e) => e.leafIndex),
  }
  const { moved } = await deps.store.markMessagesFailed({ ids, reasonCode, details, executionTxHash: txHash })
  if (moved.length === 0) return
  if (deps.tracing.recording) await traceFailed(deps, destination, { first, moved, reasonCode }, options)
  deps.logger.warn(
    { destination, failed: moved.length, reasonCode, tx: first.transactionHash },
    'messages failed on the destination',
  )
}

/** A `relaymesh.execute` span per failed message, ERROR on the last attempt; the store is read for the spans alone. */
async function traceFailed(
  deps: Pick<FollowerDeps, 'store' | 'tracing'>,
  destination: number,
  p: { first: ExecutionEvent; moved: readonly Uint8Array[]; reasonCode: string },
  options: ApplyFailedOptions,
): Promise<void> {
  const { first, moved, reasonCode } = p
  // The attempt each failure was (markMessagesFailed counted it): whether the settler will try again.
  const byAttempt = new Map<number, MessageTrace[]>()
  for (const r of await deps.store.listMessageAttempts({ ids: moved }))
    byAttempt.set(r.attempts, [...(byAttempt.get(r.attempts) ?? []), toMessageTrace(r)])
  for (const [attempt, messages] of byAttempt) {
    const retried = attempt < options.maxAttempts
    recordMessageSpans(
      deps.tracing,
      'relaymesh.execute',
      messages,
      {
        'relaymesh.destination': destination,
        'relaymesh.batch.index': first.batchIndex?.toString(),
        'relaymesh.tx.hash': first.transactionHash,
        'relaymesh.execute.outcome': 'failed',
        'relaymesh.reason_code': reasonCode,
        'relaymesh.execute.attempt': attempt,
        'relaymesh.execute.retried': retried,
      },
      retried ? {} : { error: `${reasonCode}: no attempt left after ${attempt}` },
    )
  }
}
