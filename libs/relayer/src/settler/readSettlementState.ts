import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchDestination } from '../batcher/destinations.js'
import type { SettlementState } from './decideSettlement.js'
import { EXECUTABLE_WHERE, type ExecuteOptions } from './executeSettledMessages.js'

// One statement per tick, both ages measured by the database clock. Each subquery walks one index in order and stops
// at its first row: `batches`' primary key (destination, batch_index) and `messages_batch_idx` (batch_destination, batch_index, leaf_index).
const SQL = `SELECT
  (SELECT extract(epoch FROM now() - coalesce(signed_at, updated_at)) * 1000 FROM batches
    WHERE destination = $1 AND state = 'signed' ORDER BY batch_index LIMIT 1) AS signed_waiting_ms,
  (SELECT extract(epoch FROM now() - CASE WHEN state = 'settled' THEN coalesce(settled_at, updated_at) ELSE updated_at END) * 1000 FROM messages
    WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE} ORDER BY batch_index, leaf_index LIMIT 1) AS executable_waiting_ms`

type Row = { signed_waiting_ms: string | number | null; executable_waiting_ms: string | number | null }

const waiting = (ms: string | number | null) => (ms === null ? undefined : { waitingMs: Math.max(0, Number(ms)) })

/**
 * What the settler of `target` has due, for `decideSettlement`: whether a
 * `signed` batch waits to be submitted and whether settled (or retry-due
 * failed) messages wait to be executed, each with how long the oldest has
 * waited. What `submitSignedBatch` and `executeSettledMessages` would pick.
 */
export async function readSettlementState(ctx: Pick<RelayerContext, 'db'>, target: BatchDestination, options: ExecuteOptions): Promise<Omit<SettlementState, 'last'>> {
  const result = await ctx.db.$client.query<Row>(SQL, [target.destination, options.maxAttempts, options.retryBaseMs])
  const row = result.rows[0]
  return { signed: waiting(row?.signed_waiting_ms ?? null), executable: waiting(row?.executable_waiting_ms ?? null) }
}
