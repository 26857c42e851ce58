import type pg from 'pg'

/** Namespace of the per-destination batch lock ("rmbt" in ASCII), shifted above the uint32 domain. */
const BATCH_LOCK_NAMESPACE = 0x726d6274n << 32n

/**
 * Serialises batch writers for one destination until the transaction ends, so
 * the batch hash chain and message membership are decided one batch at a time.
 */
export async function lockDestinationBatches(client: pg.PoolClient, destination: number): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [(BATCH_LOCK_NAMESPACE | BigInt(destination)).toString()])
}
