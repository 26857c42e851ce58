import type pg from 'pg'
import type { StoreDb } from './createDb.js'
import { missingIds } from './bulk/missingIds.js'
import { splitIds } from './bulk/splitIds.js'
import { unpackIds } from './bulk/unpackIds.js'
import { packFixed } from './bulk/packFixed.js'
import { allowedFromStates, type MessageState } from './messageStates.js'

/** The hop timestamp each state sets when a message enters it. */
const HOP_COLUMN: Partial<Record<MessageState, string>> = {
  verified: 'verified_at',
  batched: 'batched_at',
  settled: 'settled_at',
  executed: 'executed_at',
}

export type TransitionMessagesParameters = {
  ids: readonly Uint8Array[]
  to: MessageState
}

export type TransitionMessagesReturnType = {
  /** Ids that moved to `to`. */
  moved: Uint8Array[]
  /** Ids that did not move: unknown, or in a state the machine does not allow `to` from (a replay or a lost race). */
  unmoved: Uint8Array[]
}

/** Extra SET clauses and their parameters (numbered from `$4`) for a specific transition. */
export type TransitionExtras = { set: string; params: unknown[]; returning?: string }

/** Builds the single bulk UPDATE; the allowed from-states come from the state machine. */
export function transitionSql(to: MessageState, extras?: TransitionExtras): string {
  const hop = HOP_COLUMN[to]
  const sets = [`state = $2::message_state`, 'updated_at = now()']
  if (hop) sets.push(`${hop} = now()`)
  if (extras?.set) sets.push(extras.set)
  return `UPDATE messages AS m SET ${sets.join(', ')}
    FROM ${unpackIds(1)} AS u WHERE m.id = u.id AND m.state = ANY($3::message_state[])
    RETURNING m.id${extras?.returning ? `, ${extras.returning}` : ''}`
}

/** Runs a bulk transition on `client` and splits the ids into moved and unmoved. */
export async function runTransition(
  client: pg.Pool | pg.PoolClient,
  parameters: TransitionMessagesParameters,
  extras?: TransitionExtras,
): Promise<TransitionMessagesReturnType> {
  const { ids, to } = parameters
  if (ids.length === 0) return { moved: [], unmoved: [] }
  const sql =
    `WITH up AS (${transitionSql(to, extras)}) ` + "SELECT count(*)::int AS n, string_agg(id, ''::bytea) AS ids FROM up"
  const params = [packFixed(ids, 32, 'id'), to, allowedFromStates(to), ...(extras?.params ?? [])]
  const result = await client.query<{ n: number; ids: Buffer | null }>(sql, params)
  const moved = splitIds(result.rows[0]?.ids ?? null)
  return { moved, unmoved: moved.length === ids.length ? [] : missingIds(ids, moved) }
}

/**
 * Moves messages to `to` in one statement, from whichever states the state
 * machine allows (`allowedFromStates(to)`), and reports the ids that did not
 * move. Prefer the specific verbs (`assignBatch`, `settleBatch`,
 * `markMessagesExecuted`, `markMessagesFailed`), which also set the columns
 * their state needs; this one sets only `state` and the hop timestamp.
 *
 * @example
 * const { unmoved } = await transitionMessages(db, { ids, to: 'verified' })
 */
export function transitionMessages(
  db: StoreDb,
  parameters: TransitionMessagesParameters,
): Promise<TransitionMessagesReturnType> {
  return runTransition(db.$client, parameters)
}
