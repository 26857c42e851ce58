import { retryWithBackoff } from '@relaymesh/errors'
import type pg from 'pg'
import { StoreError } from './StoreError.js'

export type WaitForDatabaseParameters = {
  /** How long to keep trying while Postgres does not answer; default 60 s. 0: one attempt. */
  waitMs?: number | undefined
  /** Called before each retry, e.g. to log it. */
  onRetry?: ((error: Error, attempt: number) => void) | undefined
  /** Aborting ends the wait at once with the last error. */
  signal?: AbortSignal | undefined
}

/**
 * Node socket errors and Postgres SQLSTATEs that mean "not yet": nothing listens (a restart, a pod not ready),
 * the server is starting or shutting down, or has no free connection. Refused credentials (28P01, 28000), a missing
 * database (3D000) or a TLS mismatch never pass by waiting, so they are not retried.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P03',
  '57P01',
  '53300',
])

/** Whether `error` from a connection attempt can pass by waiting. */
export function isTransientConnectError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as Error & { code?: unknown }).code // reason: pg and node put the code on the Error
  if (typeof code === 'string') return TRANSIENT_CODES.has(code)
  // pg's own wording when the server closes the socket during the start-up handshake or a connect timeout.
  return /Connection terminated|timeout expired/i.test(error.message)
}

/**
 * Waits until the pool can run `SELECT 1`, retrying with backoff (250 ms doubling to 2 s) while Postgres does not
 * answer: a relayer process that starts while its database restarts or fails over (or before it is up, as pods
 * start in any order) waits for it instead of exiting. Throws `DATABASE_UNAVAILABLE` after `waitMs` or when aborted,
 * and `DATABASE_REFUSED` at once for an error waiting cannot fix.
 *
 * @example
 * await waitForDatabase(store.pool, {
 *   signal,
 *   onRetry: (err, n) => logger.warn({ err, attempt: n }, 'waiting for Postgres'),
 * })
 */
export async function waitForDatabase(
  pool: pg.Pool,
  { waitMs = 60_000, onRetry, signal }: WaitForDatabaseParameters = {},
): Promise<void> {
  await retryWithBackoff(() => pool.query('SELECT 1'), {
    retryable: isTransientConnectError,
    waitMs,
    signal,
    onRetry:
      onRetry && ((error, attempt) => onRetry(error instanceof Error ? error : new Error(String(error)), attempt)),
    giveUp: (error, { attempts, why }) => {
      const transient = why !== 'refused'
      const said = !transient
        ? 'refused the connection'
        : why === 'aborted'
          ? 'did not answer before the stop'
          : `did not answer within ${waitMs} ms`
      const parameters = {
        details: error instanceof Error ? error.message : String(error),
        meta: { attempts },
        cause: error,
      }
      return new StoreError(transient ? 'DATABASE_UNAVAILABLE' : 'DATABASE_REFUSED', `Postgres ${said}`, parameters)
    },
  })
}
