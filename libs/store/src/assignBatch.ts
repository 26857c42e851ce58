import type pg from 'pg'
import type { StoreDb } from './createDb.js'
import { missingIds } from './bulk/missingIds.js'
import { packFixed } from './bulk/packFixed.js'
import { slice32 } from './bulk/slice32.js'
import { splitIds } from './bulk/splitIds.js'
import { withTransaction } from './withTransaction.js'
import { lockDestinationBatches } from './batchLock.js'
import { allowedFromStates } from './messageStates.js'
import { StoreError } from './StoreError.js'

export type AssignBatchParameters = {
  destination: number
  batchIndex: bigint
  batchHash: Uint8Array
  root: Uint8Array
  /** Batch `k-1`'s hash, or 32 zero bytes for batch 0 (PROTOCOL.md). */
  previousBatchHash: Uint8Array
  proposer: Uint8Array
  /** Message ids in leaf order. */
  ids: readonly Uint8Array[]
  traceparent?: string | null | undefined
}

const ZERO_HASH = Buffer.alloc(32)

const INSERT_BATCH_SQL = `INSERT INTO batches (destination, batch_index, batch_hash, root, message_count,
  previous_batch_hash, proposer, state, traceparent) VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8)
  ON CONFLICT (destination, batch_index) DO UPDATE SET batch_hash = EXCLUDED.batch_hash, root = EXCLUDED.root,
    message_count = EXCLUDED.message_count, previous_batch_hash = EXCLUDED.previous_batch_hash,
    proposer = EXCLUDED.proposer, state = 'proposed', traceparent = EXCLUDED.traceparent, submit_tx_hash = NULL,
    signed_at = NULL, submitted_at = NULL, settled_at = NULL, created_at = now(), updated_at = now()
  WHERE batches.state = 'refused'`

const ASSIGN_SQL = `WITH up AS (
  UPDATE messages AS m SET state = 'batched', batch_destination = $2, batch_index = $3, leaf_index = u.g,
    batched_at = now(), updated_at = now()
  FROM (SELECT g, ${slice32(1)} AS id FROM generate_series(0, length($1::bytea) / 32 - 1) AS g) AS u
  WHERE m.id = u.id AND m.destination = $2 AND m.state = ANY($4::message_state[]) RETURNING m.id)
SELECT string_agg(id, ''::bytea) AS ids FROM up`

async function assertChainLink(client: pg.PoolClient, parameters: AssignBatchParameters): Promise<void> {
  const { destination, batchIndex } = parameters
  let expected: Uint8Array | undefined = ZERO_HASH
  if (batchIndex > 0n) {
    const previous = await client.query<{ batch_hash: Buffer }>(
      "SELECT batch_hash FROM batches WHERE destination = $1 AND batch_index = $2 AND state <> 'refused'",
      [destination, (batchIndex - 1n).toString()],
    )
    expected = previous.rows[0]?.batch_hash
  }
  if (!expected || !Buffer.from(parameters.previousBatchHash).equals(expected))
    throw new StoreError('BATCH_CHAIN_MISMATCH', 'previousBatchHash does not match the stored previous batch', {
      meta: { destination, batchIndex, previousKnown: expected !== undefined },
    })
}

/**
 * Records a batch and assigns its messages (state `batched`, batch index, leaf
 * index) in one transaction, serialised per destination by an advisory lock.
 * All or nothing: if the index is taken or any id is not a verified, unbatched
 * message of this destination, nothing is written and `BATCH_CONFLICT`
 * (action `retry`) lists the unavailable ids. So a message is never in two
 * batches, even with two batchers racing. A refused batch's index is reused
 * (the inbox expects consecutive indices): the new batch replaces its row.
 *
 * @example
 * const ids = await listUnbatchedMessages(db, { destination, limit: 4096 })
 * await assignBatch(db, { destination, batchIndex, batchHash, root, previousBatchHash, proposer, ids })
 */
export async function assignBatch(db: StoreDb, parameters: AssignBatchParameters): Promise<void> {
  const { destination, batchIndex, ids } = parameters
  if (ids.length === 0) throw new StoreError('INVALID_INPUT', 'a batch needs at least one message')
  const packedIds = packFixed(ids, 32, 'id')
  await withTransaction(db.$client, async (client) => {
    await lockDestinationBatches(client, destination)
    await assertChainLink(client, parameters)
    const batch = await client.query(INSERT_BATCH_SQL, [
      destination,
      batchIndex.toString(),
      packFixed([parameters.batchHash], 32, 'batch hash'),
      packFixed([parameters.root], 32, 'root'),
      ids.length,
      packFixed([parameters.previousBatchHash], 32, 'previous batch hash'),
      Buffer.from(parameters.proposer),
      parameters.traceparent ?? null,
    ])
    if (batch.rowCount !== 1)
      throw new StoreError('BATCH_CONFLICT', 'batch index already taken', { meta: { destination, batchIndex } })
    const result = await client.query<{ ids: Buffer | null }>(ASSIGN_SQL, [
      packedIds,
      destination,
      batchIndex.toString(),
      allowedFromStates('batched'),
    ])
    const moved = splitIds(result.rows[0]?.ids ?? null)
    if (moved.length !== ids.length) {
      const unavailable = missingIds(ids, moved).map((id) => Buffer.from(id).toString('hex'))
      throw new StoreError('BATCH_CONFLICT', 'some messages are not verified and unbatched for this destination', {
        meta: { destination, batchIndex, unavailable },
      })
    }
  })
}
