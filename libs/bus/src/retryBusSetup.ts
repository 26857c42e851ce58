import { setTimeout as sleep } from 'node:timers/promises'
import { BusError } from './BusError.js'

export type RetryBusSetupParameters = {
  /** How long to keep trying while JetStream does not answer; default 60 s. 0: one attempt. */
  waitMs?: number | undefined
  /** Called before each retry, e.g. to log it. */
  onRetry?: ((error: BusError, attempt: number) => void) | undefined
  /** Aborting ends the wait at once with the last error. */
  signal?: AbortSignal | undefined
}

/**
 * Runs a stream or consumer setup (`ensureStreams`, `ensureConsumer`) until it succeeds, retrying with backoff
 * (250 ms doubling to 2 s) while it fails with a retryable `BusError`: a service started while NATS restarts
 * waits for JetStream to come back instead of exiting. A fatal error (a refused config, missing permissions) and
 * the last retryable one after `waitMs` or an abort are thrown.
 *
 * @example
 * await retryBusSetup(() => ensureStreams(bus.jsm, cat.streams.all), { signal, onRetry: (err, n) => logger.warn({ err, attempt: n }, 'waiting for JetStream') })
 */
export async function retryBusSetup<T>(setup: () => Promise<T>, { waitMs = 60_000, onRetry, signal }: RetryBusSetupParameters = {}): Promise<T> {
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await setup()
    } catch (error) {
      const delay = Math.min(250 * 2 ** (attempt - 1), 2_000)
      const retryable = error instanceof BusError && error.action === 'retry'
      if (!retryable || signal?.aborted || Date.now() - started + delay > waitMs) throw error
      onRetry?.(error, attempt)
      // An abort ends the pause early (rejecting); the loop then throws.
      await sleep(delay, undefined, { signal }).catch(() => {})
    }
  }
}
