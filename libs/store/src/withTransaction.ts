import type pg from 'pg'

/**
 * Runs `fn` in a transaction on one pooled connection; rolls back and rethrows on error.
 * A checked-out client has no listener for its `error` event (the pool's idle listener is off while it is
 * out): without one, the server going away mid-transaction (a restart, a failover, a terminated backend)
 * emitted an unhandled `error` and killed the process. The listener marks the connection broken; the
 * pending query rejects on its own and the error reaches the caller as any other.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const onError = (error: Error) => {
    broken = error
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
    } catch (rollbackError) {
      // The connection is unusable: destroy it instead of returning it to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
    }
    throw error
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}
