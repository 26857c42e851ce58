import { createDb, migrate, waitForDatabase, type CreateDbReturnType } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'

export type OpenRelayerStoreParameters = {
  databaseUrl: string
  /** Postgres' `application_name` of the pool's connections. */
  applicationName: string
  /** Aborting ends the wait for Postgres (the pool is then closed and the error thrown). */
  signal?: AbortSignal | undefined
}

/**
 * The relayer's Postgres pool, once the database answers, with its migrations applied. Pods start in any order and
 * Postgres restarts or fails over: it waits (60 s) instead of failing at once. An idle pooled connection the server
 * drops is replaced by the pool on next use: logged, never a crash.
 *
 * @example
 * const store = await openRelayerStore(logger, { databaseUrl, applicationName: 'relaymesh-verifier-r1', signal })
 */
export async function openRelayerStore(logger: Logger, p: OpenRelayerStoreParameters): Promise<CreateDbReturnType> {
  const store = createDb({
    connectionString: p.databaseUrl,
    max: 8,
    applicationName: p.applicationName,
    onIdleError: (error) => logger.warn({ err: error }, 'idle Postgres connection lost'),
  })
  try {
    await waitForDatabase(store.pool, {
      signal: p.signal,
      onRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for Postgres'),
    })
  } catch (error) {
    await store.close()
    throw error
  }
  await migrate(store.db)
  return store
}
