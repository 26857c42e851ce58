import { retryWithBackoff } from '@relaymesh/errors'
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
 * await retryBusSetup(() => ensureStreams(bus.jsm, cat.streams.all), {
 *   signal,
 *   onRetry: (err, n) => logger.warn({ err, attempt: n }, 'waiting for JetStream'),
 * })
 */
export function retryBusSetup<T>(
  setup: () => Promise<T>,
  { waitMs = 60_000, onRetry, signal }: RetryBusSetupParameters = {},
): Promise<T> {
  return retryWithBackoff(setup, {
    retryable: (error) => error instanceof BusError && error.action === 'retry',
    waitMs,
    signal,
    onRetry: onRetry && ((error, attempt) => onRetry(error as BusError, attempt)), // reason: only a BusError is retried
  })
}
