import type { StoreDb } from './createDb.js'

/**
 * One round trip to the database (`SELECT 1`): resolves when it answers, rejects when it does not. Readiness probes
 * call it.
 *
 * @example
 * const ready = await pingDatabase(db).then(() => true, () => false)
 */
export async function pingDatabase(db: StoreDb): Promise<void> {
  await db.$client.query('SELECT 1')
}
