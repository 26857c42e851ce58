import type { ReasonCode } from '@relaymesh/errors'
import type { StoreDb } from './createDb.js'
import { packFixed } from './bulk/packFixed.js'
import { packVariable } from './bulk/packVariable.js'
import { slice32 } from './bulk/slice32.js'
import { splitIds } from './bulk/splitIds.js'
import { missingIds } from './bulk/missingIds.js'
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

/**
 * A bundle's verified messages as columns, the shape the verifier's workers return: fixed-width fields back to
 * back (message i at `32 * i`), variable ones concatenated with end offsets. Sent to Postgres as they are, with
 * no object per message and nothing copied; every message is stored `verified`.
 */
export type BundleMessageColumns = {
  count: number
  /** keccak256 of each message, `32 * count` bytes. */
  ids: Uint8Array
  senders: Uint8Array
  recipients: Uint8Array
  /** Each message's gas limit (PROTOCOL.md "Execution gas"). */
  gasLimits: Uint32Array
  /** Payloads back to back; message i's ends at `payloadEnds[i]`. */
  payloads: Uint8Array
  payloadEnds: Uint32Array
  /** Source transaction hashes back to back (32 bytes on EVM chains, a 64-byte signature on Solana). */
  txHashes: Uint8Array
  txHashEnds: Uint32Array
  destinations: Uint32Array
  nonces: BigUint64Array
  logIndexes: Uint32Array
  traceparents: ReadonlyArray<string | undefined>
}

/** A rejection in the bundle that has no message id (a malformed log). */
export type BundleRejection = { reasonCode: ReasonCode; details?: unknown }

export type InsertBundleParameters = {
  block: BundleBlock
  verification: Verification
  /** One object per message (any initial state), or the verifier's columns (all verified). */
  messages: readonly BundleMessage[] | BundleMessageColumns
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

const MESSAGE_COLUMNS =
  `id, origin, destination, nonce, sender, recipient, gas_limit, payload, ` +
  `source_block_number, source_block_hash,
  source_tx_hash, log_index, state, verification, reason_code, traceparent, observed_at, verified_at`

// One statement, so one implicit transaction: block, messages and rejections land together or not at all.
const INSERT_BUNDLE_SQL =
  `
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
  SELECT 'verify', m.reason_code, m.details::jsonb, $17, $19 FROM unnest($25::text[], $26::text[]) AS ` +
  `m(reason_code, details)
)
SELECT (SELECT count(*) FROM block)::int AS block_inserted, (SELECT string_agg(id, ''::bytea) FROM ins) AS inserted`

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

/** Parameters `$17` to `$26` (the block and the bundle's malformed logs), the same for both message shapes. */
function blockParams(parameters: InsertBundleParameters, count: number): unknown[] {
  const { block } = parameters
  const malformed = parameters.malformed ?? []
  return [
    block.origin,
    block.number.toString(),
    packFixed([block.hash], 32, 'block hash'),
    packFixed([block.parentHash], 32, 'parent hash'),
    block.state,
    count,
    parameters.verification,
    parameters.observedAt ?? null,
    malformed.map((r) => r.reasonCode),
    malformed.map((r) => json(r.details)),
  ]
}

function objectParams(parameters: InsertBundleParameters, messages: readonly BundleMessage[]): unknown[] {
  for (const m of messages)
    if (m.state === 'rejected' && !m.reasonCode)
      throw new StoreError('INVALID_INPUT', 'a rejected message needs a reason code', {
        meta: { id: Buffer.from(m.id).toString('hex') },
      })
  const payloads = packVariable(messages.map((m) => m.payload))
  const txHashes = packVariable(messages.map((m) => m.sourceTxHash))
  return [
    packFixed(
      messages.map((m) => m.id),
      32,
      'id',
    ),
    packFixed(
      messages.map((m) => m.sender),
      32,
      'sender',
    ),
    packFixed(
      messages.map((m) => m.recipient),
      32,
      'recipient',
    ),
    payloads.data,
    payloads.starts,
    payloads.lengths,
    txHashes.data,
    txHashes.starts,
    txHashes.lengths,
    messages.map((m) => m.destination),
    messages.map((m) => m.nonce.toString()),
    messages.map((m) => m.logIndex),
    messages.map((m) => m.state),
    messages.map((m) => m.reasonCode ?? null),
    messages.map((m) => m.traceparent ?? null),
    messages.map((m) => (m.state === 'rejected' ? json(m.rejectionDetails) : null)),
    ...blockParams(parameters, messages.length),
    messages.map((m) => m.gasLimit),
  ]
}

function columnParams(parameters: InsertBundleParameters, c: BundleMessageColumns): unknown[] {
  const n = c.count
  checkColumns(c)
  const payloads = startsAndLengths(c.payloadEnds)
  const txHashes = startsAndLengths(c.txHashEnds)
  return [
    asBuffer(c.ids),
    asBuffer(c.senders),
    asBuffer(c.recipients),
    asBuffer(c.payloads),
    payloads.starts,
    payloads.lengths,
    asBuffer(c.txHashes),
    txHashes.starts,
    txHashes.lengths,
    intArrayLiteral(c.destinations),
    intArrayLiteral(c.nonces),
    intArrayLiteral(c.logIndexes),
    // reason codes and details: unnest pads the shorter arrays with NULLs, as every verified message has them.
    `{${new Array<string>(n).fill('verified').join(',')}}`,
    '{}',
    c.traceparents.map((t) => t ?? null),
    '{}',
    ...blockParams(parameters, n),
    intArrayLiteral(c.gasLimits),
  ]
}

/** A Postgres array literal of integers: typed arrays join natively, where `pg` would escape each element. */
const intArrayLiteral = (values: Uint32Array | Int32Array | BigUint64Array): string => `{${values.join(',')}}`

/** A view of `bytes` as a `Buffer` (which `pg` sends in binary), no copy. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** `substring` starts (1-based) and lengths of a concatenated column, from its end offsets. */
function startsAndLengths(ends: Uint32Array): { starts: string; lengths: string } {
  const starts = new Int32Array(ends.length)
  const lengths = new Int32Array(ends.length)
  let previous = 0
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number // reason: i < length
    starts[i] = previous + 1
    lengths[i] = end - previous
    previous = end
  }
  return { starts: intArrayLiteral(starts), lengths: intArrayLiteral(lengths) }
}

function checkColumns(c: BundleMessageColumns): void {
  const n = c.count
  const sizes: Array<[string, number, number]> = [
    ['ids', c.ids.length, 32 * n],
    ['senders', c.senders.length, 32 * n],
    ['recipients', c.recipients.length, 32 * n],
    ['gasLimits', c.gasLimits.length, n],
    ['payloadEnds', c.payloadEnds.length, n],
    ['txHashEnds', c.txHashEnds.length, n],
    ['destinations', c.destinations.length, n],
    ['nonces', c.nonces.length, n],
    ['logIndexes', c.logIndexes.length, n],
    ['traceparents', c.traceparents.length, n],
    ['payloads', c.payloads.length, n === 0 ? 0 : (c.payloadEnds[n - 1] as number)],
    ['txHashes', c.txHashes.length, n === 0 ? 0 : (c.txHashEnds[n - 1] as number)],
  ]
  for (const [field, length, expected] of sizes)
    if (length !== expected)
      throw new StoreError('INVALID_INPUT', `${field} does not hold ${n} messages`, {
        meta: { field, length, expected },
      })
}

const isColumns = (messages: InsertBundleParameters['messages']): messages is BundleMessageColumns =>
  !Array.isArray(messages)

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
  const { messages } = parameters
  const shaped = isColumns(messages)
    ? { params: columnParams(parameters, messages), count: messages.count, ids: () => splitIds(asBuffer(messages.ids)) }
    : { params: objectParams(parameters, messages), count: messages.length, ids: () => messages.map((m) => m.id) }
  const result = await db.$client.query<{ block_inserted: number; inserted: Buffer | null }>(
    INSERT_BUNDLE_SQL,
    shaped.params,
  )
  const row = result.rows[0]
  const inserted = splitIds(row?.inserted ?? null)
  const known = inserted.length === shaped.count ? [] : missingIds(shaped.ids(), inserted)
  return { inserted, known, blockInserted: row?.block_inserted === 1 }
}
