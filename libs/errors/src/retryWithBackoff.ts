import { sleep } from './sleep.js'

/** Why `retryWithBackoff` stopped trying: the error cannot pass by waiting, the caller aborted, or `waitMs` ran out. */
export type RetryGiveUp = { attempts: number; why: 'refused' | 'aborted' | 'timeout' }

export type RetryWithBackoffParameters = {
  /** Whether the error can pass by waiting; any other is given up on at once. */
  retryable: (error: unknown) => boolean
  /** How long to keep trying; default 60 s. 0: one attempt. */
  waitMs?: number | undefined
  /** Called before each retry, e.g. to log it. */
  onRetry?: ((error: unknown, attempt: number) => void) | undefined
  /** Aborting ends the wait at once. */
  signal?: AbortSignal | undefined
  /** The error to throw when giving up; default the last error itself. */
  giveUp?: ((error: unknown, stop: RetryGiveUp) => unknown) | undefined
}

/**
 * Runs `attempt` until it succeeds, retrying with backoff (250 ms doubling to 2 s) while it fails with a retryable
 * error: what a service does at start while a dependency it needs (Postgres, JetStream) restarts or is not up yet.
 *
 * @example
 * await retryWithBackoff(() => pool.query('SELECT 1'), { retryable: isTransientConnectError, signal })
 */
export async function retryWithBackoff<T>(attempt: () => Promise<T>, p: RetryWithBackoffParameters): Promise<T> {
  const started = Date.now()
  const waitMs = p.waitMs ?? 60_000
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt()
    } catch (error) {
      const delay = Math.min(250 * 2 ** (attempts - 1), 2_000)
      const why = !p.retryable(error)
        ? 'refused'
        : p.signal?.aborted
          ? 'aborted'
          : Date.now() - started + delay > waitMs
            ? 'timeout'
            : undefined
      if (why) throw p.giveUp ? p.giveUp(error, { attempts, why }) : error
      p.onRetry?.(error, attempts)
      // An abort ends the pause early; the loop then gives up.
      await sleep(delay, p.signal)
    }
  }
}
