import type { Hex } from 'viem'
import type { MessageState, MessageStatus } from '../ApiTypes.js'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { sleep } from '@relaymesh/errors'
import { getMessage } from './getMessage.js'

/**
 * A state `waitForMessage` can wait for (`rejected` is final and thrown instead).
 *
 * @example
 * const state: WaitableState = 'settled'
 */
export type WaitableState = Exclude<MessageState, 'rejected'>

/**
 * Parameters of `waitForMessage`.
 *
 * @example
 * const parameters: WaitForMessageParameters = { id, state: 'executed', timeoutMs: 120_000 }
 */
export type WaitForMessageParameters = {
  id: Hex
  /** Resolve once the message reached this state or a later one; default `executed`. */
  state?: WaitableState | undefined
  /** Give up after this long (`WAIT_TIMEOUT`); default: wait until `signal` aborts. */
  timeoutMs?: number | undefined
  /** Aborting stops the wait (`WAIT_ABORTED`). */
  signal?: AbortSignal | undefined
  /** Between API polls; default 1,000 ms. */
  pollIntervalMs?: number | undefined
}

/**
 * The message as the API showed it in the poll that reached the state.
 *
 * @example
 * const status: WaitForMessageReturnType = await waitForMessage(client, { id })
 */
export type WaitForMessageReturnType = MessageStatus

/**
 * Errors of `waitForMessage`. Retryable API errors (unreachable, 5xx, not yet
 * seen) are polled through; the last one is the `cause` of a timeout.
 *
 * @example
 * if ((error as WaitForMessageErrorType).code === 'WAIT_TIMEOUT') …
 */
export type WaitForMessageErrorType = BridgeSdkError<
  'WAIT_TIMEOUT' | 'WAIT_ABORTED' | 'MESSAGE_REJECTED' | 'API_BAD_RESPONSE' | 'API_ERROR'
>

// `failed` sits between settled and executed: a failed message was settled and may still execute.
const RANK: Record<WaitableState, number> = { observed: 0, verified: 1, batched: 2, settled: 3, failed: 4, executed: 5 }

/** Default time between polls of `waitForMessage`. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000

function stopped(
  parameters: WaitForMessageParameters,
  timeout: AbortSignal | undefined,
  last: { state?: MessageState; error?: unknown },
) {
  const meta = { id: parameters.id, state: parameters.state ?? 'executed', lastState: last.state ?? null }
  if (parameters.signal?.aborted) {
    return new BridgeSdkError('WAIT_ABORTED', 'stopped waiting for the message: aborted', {
      action: 'reject',
      meta,
      cause: parameters.signal.reason,
    })
  }
  return new BridgeSdkError(
    'WAIT_TIMEOUT',
    `the message did not reach ${meta.state} within ${parameters.timeoutMs} ms`,
    {
      action: 'retry',
      meta: { ...meta, timeoutMs: parameters.timeoutMs },
      cause: last.error ?? timeout?.reason,
    },
  )
}

/** One poll: the status when the state is reached, undefined to poll again. */
async function poll(
  client: BridgeApiClient,
  parameters: WaitForMessageParameters,
  signal: AbortSignal | undefined,
  last: { state?: MessageState },
) {
  const status = await getMessage(client, { id: parameters.id, signal })
  last.state = status.state
  if ('stored' in status || status.state === 'rejected') {
    throw new BridgeSdkError('MESSAGE_REJECTED', `the relayers rejected the message: ${status.reasonCode}`, {
      action: 'reject',
      meta: { id: parameters.id, reasonCode: status.reasonCode, rejections: status.rejections },
    })
  }
  return RANK[status.state] >= RANK[parameters.state ?? 'executed'] ? status : undefined
}

/**
 * Polls the relayer API until the message reaches `state` (default
 * `executed`) or a later one. A message the relayers rejected throws at once;
 * a `failed` one (recipient reverted) is waited through when waiting for
 * `executed`, as it may be retried (see `executeMessage`).
 *
 * @throws {WaitForMessageErrorType}
 * @example
 * const { id } = await sendMessage(client, { walletClient, destination: 56, recipient, payload })
 * const settled = await waitForMessage(client, { id, state: 'settled', timeoutMs: 120_000 })
 * console.log(settled.batch?.batchIndex)
 */
export async function waitForMessage(
  client: BridgeApiClient,
  parameters: WaitForMessageParameters,
): Promise<WaitForMessageReturnType> {
  const timeout = parameters.timeoutMs === undefined ? undefined : AbortSignal.timeout(parameters.timeoutMs)
  const signals = [parameters.signal, timeout].filter((s): s is AbortSignal => s !== undefined)
  const stop = signals.length > 0 ? AbortSignal.any(signals) : undefined
  const last: { state?: MessageState; error?: unknown } = {}
  for (;;) {
    if (stop?.aborted) throw stopped(parameters, timeout, last)
    try {
      const status = await poll(client, parameters, stop, last)
      if (status) return status
    } catch (error) {
      if (stop?.aborted) throw stopped(parameters, timeout, last)
      if (!(error instanceof BridgeSdkError) || error.action !== 'retry') throw error
      last.error = error
    }
    await sleep(parameters.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, stop)
  }
}
