import type { ReasonCode } from '@relaymesh/errors'
import type { StoreDb } from './createDb.js'
import { packFixed, packVariable, slice32, splitIds, missingIds } from './bulk.js'
import type { InitialMessageState, Verification } from './messageStates.js'
import type { SourceBlockState } from './schema/sourceBlocks.js'
import { StoreError } from './StoreError.js'

/** The source block a bundle came from. */
export type BundleBlock = {
  origin: number
  number: bigint
  hash: Uint8Array
  parentHash: Uint8Array
  state: SourceBlockState
}

/** One message of a bundle, already verified or rejected by the verifier. */
export type BundleMessage = {
  /** keccak256 of the packed encoding, 32 bytes. */
  id: Uint8Array
  destination: number
  nonce: bigint
  sender: Uint8Array
  recipient: Uint8Array
  /** uint32: the gas the destination inbox calls the recipient with. */
  gasLimit: number
  payload: Uint8Array
  /** 32 bytes on EVM chains, a 64-byte signature on Solana. */
  sourceTxHash: Uint8Array
  logIndex: number
  state: InitialMessageState
  /** Required when `state` is `rejected`. */
  reasonCode?: ReasonCode | null | undefined
  /** Stored with the rejection row (JSON-serialisable). */
  rejectionDetails?: unknown
  traceparent?: string | null | undefined
}

/** A rejection in the bundle that has no message id (a malformed log). */
export type BundleRejection = { reasonCode: ReasonCode; details?: unknown }

export type InsertBundleParameters = {
  block: BundleBlock
  verification: Verification
  messages: readonly BundleMessage[]
  malformed?: readonly BundleRejection[] | undefined
  /** When the watcher observed the block; defaults to the database's `now()`. */
  observedAt?: Date | undefined
}

export type InsertBundleReturnType = {
  /** Ids stored by this call. */
  inserted: Uint8Array[]
  /** Ids that were already stored (a replay): left untouched, state never regressed. */
  known: Uint8Array[]
  /** False when the source block was already recorded. */
  blockInserted: boolean
}

const MESSAGE_COLUMNS = `id, origin, destination, nonce, sender, recipient, gas_limit, payload, source_block_number, source_block_hash,
  source_tx_hash, log_index, state, verification, reason_code, traceparent, observed_at, verified_at`

// One statement, so one implicit transaction: block, messages and rejections land together or not at all.
const INSERT_BUNDLE_SQL = `
WITH input AS (
  SELECT ${slice32(1)} AS id, d.destination, d.nonce, ${slice32(2)} AS sender, ${slice32(3)} AS recipient, d.gas_limit,
    substring($4::bytea FROM d.payload_start FOR d.payload_length) AS payload,
    substring($7::bytea FROM d.tx_start FOR d.tx_length) AS source_tx_hash,
    d.log_index, d.state, d.reason_code, d.traceparent, d.details
  FROM unnest($5::int4[], $6::int4[], $8::int4[], $9::int4[], $10::int8[], $11::int8[], $12::int4[],
    $13::message_state[], $14::text[], $15::text[], $16::text[], $27::int8[])
    WITH ORDINALITY AS d(payload_start, payload_length, tx_start, tx_length, destination, nonce, log_index,
      state, reason_code, traceparent, details, gas_limit, ord)
  CROSS JOIN LATERAL (SELECT (d.ord - 1)::int AS g) AS gi
), block AS (
  INSERT INTO source_blocks (origin, number, hash, parent_hash, state, message_count)
  VALUES ($17, $18, $19, $20, $21, $22) ON CONFLICT DO NOTHING RETURNING 1
), ins AS (
  INSERT INTO messages (${MESSAGE_COLUMNS})
  SELECT id, $17, destination, nonce, sender, recipient, gas_limit, payload, $18, $19, source_tx_hash, log_index, state,
    $23::verification, reason_code, traceparent, coalesce($24::timestamptz, now()),
    CASE WHEN state = 'verified' THEN now() END
  FROM input ON CONFLICT (id) DO NOTHING RETURNING id, state
), rejected AS (
  INSERT INTO rejections (stage, reason_code, details, message_id, origin, block_hash)
  SELECT 'verify', input.reason_code, input.details::jsonb, ins.id, $17, $19
  FROM ins JOIN input USING (id) WHERE ins.state = 'rejected'
), malformed AS (
  INSERT INTO rejections (stage, reason_code, details, origin, block_hash)
  SELECT 'verify', m.reason_code, m.details::jsonb, $17, $19 FROM unnest($25::text[], $26::text[]) AS m(reason_code, details)
)
SELECT (SELECT count(*) FROM block)::int AS block_inserted, (SELECT string_agg(id, ''::bytea) FROM ins) AS inserted`

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

function bundleParams(parameters: InsertBundleParameters): unknown[] {
  const { block, messages } = parameters
  for (const m of messages)
    if (m.state === 'rejected' && !m.reasonCode)
      throw new StoreError('INVALID_INPUT', 'a rejected message needs a reason code', { meta: { id: Buffer.from(m.id).toString('hex') } })
  const payloads = packVariable(messages.map((m) => m.payload))
  const txHashes = packVariable(messages.map((m) => m.sourceTxHash))
  const malformed = parameters.malformed ?? []
  return [
    packFixed(messages.map((m) => m.id), 32, 'id'),
    packFixed(messages.map((m) => m.sender), 32, 'sender'),
    packFixed(messages.map((m) => m.recipient), 32, 'recipient'),
    payloads.data, payloads.starts, payloads.lengths,
    txHashes.data, txHashes.starts, txHashes.lengths,
    messages.map((m) => m.destination),
    messages.map((m) => m.nonce.toString()),
    messages.map((m) => m.logIndex),
    messages.map((m) => m.state),
    messages.map((m) => m.reasonCode ?? null),
    messages.map((m) => m.traceparent ?? null),
    messages.map((m) => (m.state === 'rejected' ? json(m.rejectionDetails) : null)),
    block.origin, block.number.toString(), packFixed([block.hash], 32, 'block hash'),
    packFixed([block.parentHash], 32, 'parent hash'), block.state, messages.length,
    parameters.verification, parameters.observedAt ?? null,
    malformed.map((r) => r.reasonCode), malformed.map((r) => json(r.details)),
    messages.map((m) => m.gasLimit),
  ]
}

/**
 * Stores one verified bundle: the source block, its messages (verified or
 * rejected) and its rejections, in one statement. A message id that is already
 * stored is left untouched (never regressed) and reported in `known`.
 *
 * @example
 * const { known } = await insertBundle(db, { block, verification: 'light-client', messages })
 * if (known.length) log.warn({ replayed: known.length }, 'bundle replayed')
 */
export async function insertBundle(db: StoreDb, parameters: InsertBundleParameters): Promise<InsertBundleReturnType> {
  const result = await db.$client.query<{ block_inserted: number; inserted: Buffer | null }>(
    INSERT_BUNDLE_SQL,
    bundleParams(parameters),
  )
  const row = result.rows[0]
  const inserted = splitIds(row?.inserted ?? null)
  const ids = parameters.messages.map((m) => m.id)
  const known = inserted.length === ids.length ? [] : missingIds(ids, inserted)
  return { inserted, known, blockInserted: row?.block_inserted === 1 }
}
