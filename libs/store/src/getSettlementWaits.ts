import type { StoreDb } from './createDb.js'
import { EXECUTABLE_WHERE, type ExecutableMessagesParameters } from './listExecutableMessages.js'

export type GetSettlementWaitsParameters = ExecutableMessagesParameters

/** How long the oldest of each kind of settler work has waited, in ms by the database clock; null when none waits. */
export type SettlementWaits = { signedWaitingMs: number | null; executableWaitingMs: number | null }

// One statement per tick, both ages measured by the database clock. Each subquery walks one index in order and stops
// at its first row: `batches`' primary key (destination, batch_index) and `messages_batch_idx` (batch_destination,
// batch_index, leaf_index).
const SQL =
  `SELECT
  (SELECT extract(epoch FROM now() - coalesce(signed_at, updated_at)) * 1000 FROM batches
    WHERE destination = $1 AND state = 'signed' ORDER BY batch_index LIMIT 1) AS signed_waiting_ms,
  (SELECT extract(epoch FROM now() - CASE WHEN state = 'settled' THEN coalesce(settled_at, updated_at) ELSE ` +
  `updated_at END) * 1000 FROM messages
    WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE} ORDER BY batch_index, leaf_index LIMIT 1) AS ` +
  `executable_waiting_ms`

type Row = { signed_waiting_ms: string | number | null; executable_waiting_ms: string | number | null }

const ms = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value))

/**
 * What the settler of a destination has due: how long its lowest `signed` batch has waited to be submitted, and how
 * long its oldest executable message (as `listExecutableMessages` picks them) has waited to be executed.
 *
 * @example
 * const { signedWaitingMs } = await getSettlementWaits(db, { destination: 56, maxAttempts: 5, retryBaseMs: 2_000 })
 */
export async function getSettlementWaits(
  db: StoreDb,
  parameters: GetSettlementWaitsParameters,
): Promise<SettlementWaits> {
  const result = await db.$client.query<Row>(SQL, [
    parameters.destination,
    parameters.maxAttempts,
    parameters.retryBaseMs,
  ])
  const row = result.rows[0]
  return { signedWaitingMs: ms(row?.signed_waiting_ms), executableWaitingMs: ms(row?.executable_waiting_ms) }
}
