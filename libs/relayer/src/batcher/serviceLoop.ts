import { recordRejections } from '@relaymesh/store'
import type { DeadLetter } from '@relaymesh/bus'
import { isRelaymeshError, toReasonCode } from '@relaymesh/errors'
import type { RelayerContext } from '../context/createRelayerContext.js'

/** Wakes a sleeping loop early (a verified bundle arrived, a batch reached quorum). */
export type Waker = { wake(): void; sleep(ms: number, signal: AbortSignal): Promise<void> }

export function createWaker(): Waker {
  const sleepers = new Set<() => void>()
  // A wake with nobody asleep is kept for the next sleep: a spurious extra step is harmless, a lost wake-up is not.
  let woken = false
  return {
    wake() {
      if (sleepers.size === 0) woken = true
      for (const done of [...sleepers]) done()
    },
    sleep(ms, signal) {
      if (woken || signal.aborted) {
        woken = false
        return Promise.resolve()
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          sleepers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        signal.addEventListener('abort', done, { once: true })
        sleepers.add(done)
      })
    },
  }
}

/** Longest pause after failed steps in a row (unless `intervalMs` is longer). */
export const LOOP_FAILURE_BACKOFF_MAX_MS = 5_000

/**
 * The pause after the `failures`-th failed step in a row: `intervalMs`, doubling per failure up to
 * `LOOP_FAILURE_BACKOFF_MAX_MS`. A step that keeps failing (an account out of funds, a node refusing) is
 * then not retried, and logged, five times a second for as long as it lasts.
 */
export function failureBackoffMs(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs
  return Math.max(intervalMs, Math.min(intervalMs * 2 ** (failures - 1), LOOP_FAILURE_BACKOFF_MAX_MS))
}

/**
 * Runs `step` until `signal` aborts, sleeping `intervalMs` (or until woken)
 * between steps. A `retry`, `reject` or unclassified error is logged (a
 * rejected step is logged as an error: its input will not get better) and
 * the loop goes on after a pause that grows while steps keep failing
 * (`failureBackoffMs`); a `fatal` error stops the loop loudly.
 */
export async function runLoop(
  ctx: Pick<RelayerContext, 'logger'>,
  name: string,
  options: { signal: AbortSignal; intervalMs: number; waker?: Waker | undefined },
  step: () => Promise<boolean | void>,
): Promise<void> {
  const waker = options.waker ?? createWaker()
  let failures = 0
  while (!options.signal.aborted) {
    let again = false
    try {
      again = (await step()) === true
      failures = 0
    } catch (error) {
      if (isRelaymeshError(error) && error.action === 'fatal') throw error
      failures++
      if (isRelaymeshError(error) && error.action === 'reject')
        ctx.logger.error({ err: error, loop: name, failures }, 'step rejected')
      else ctx.logger.warn({ err: error, loop: name, failures }, 'step failed; retrying')
    }
    if (!again) await waker.sleep(failureBackoffMs(options.intervalMs, failures), options.signal)
  }
}

/** `consume`'s `onDeadLetter`: every dead letter is also a `rejections` row with its reason. */
export function recordDeadLetter(ctx: Pick<RelayerContext, 'db'>) {
  return async (entry: DeadLetter): Promise<void> => {
    await recordRejections(ctx.db, [
      {
        stage: 'dead-letter',
        reasonCode: toReasonCode(entry.reasonCode),
        details: {
          code: entry.reasonCode,
          subject: entry.originalSubject,
          stream: entry.stream,
          seq: entry.streamSequence,
          message: entry.reasonMessage,
          msgId: entry.msgId,
        },
      },
    ])
  }
}

/**
 * Runs `tasks` together; when one fails the others are aborted, and the
 * returned promise rejects with the first failure once all have stopped.
 */
export function runTogether(signal: AbortSignal, tasks: ((signal: AbortSignal) => Promise<unknown>)[]): Promise<void> {
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) inner.abort()
  let failure: { error: unknown } | undefined
  const running = tasks.map((task) =>
    task(inner.signal).catch((error: unknown) => {
      failure ??= { error }
      inner.abort()
    }),
  )
  return Promise.all(running).then(() => {
    signal.removeEventListener('abort', onAbort)
    if (failure) throw failure.error
  })
}
