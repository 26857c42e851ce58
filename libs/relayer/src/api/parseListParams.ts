import { hexToBytes, type Hex } from '@relaymesh/protocol'
import {
  BATCH_STATES,
  MESSAGE_STATES,
  type BatchListPosition,
  type ListBatchesParameters,
  type ListMessagesParameters,
  type MessageListPosition,
} from '@relaymesh/store'
import { ApiError } from './ApiError.js'

/** Page size when `limit` is absent, and the most one page may hold. */
export const LIST_LIMITS = { default: 50, max: 500 } as const

const SENDER = /^0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/
const UINT32 = /^(?:0|[1-9][0-9]{0,9})$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/
const MESSAGE_CURSOR = /^m1:(0|[1-9][0-9]{0,18}):([0-9a-f]{64})$/
const BATCH_CURSOR = /^b1:(0|[1-9][0-9]{0,9}):(0|[1-9][0-9]{0,18})$/

const bad = (message: string) => new ApiError('INVALID_QUERY', message)

function assertKnown(query: URLSearchParams, known: readonly string[]): void {
  for (const key of new Set(query.keys())) {
    if (!known.includes(key))
      throw bad(`unknown query parameter ${JSON.stringify(key.slice(0, 40))}; expected ${known.join(', ')}`)
    if (query.getAll(key).length > 1) throw bad(`${key} may be given once`)
  }
}

function uint32(raw: string): number | null {
  return UINT32.test(raw) && Number(raw) <= 0xffffffff ? Number(raw) : null
}

/**
 * A route `<origin>-<destination>`, uint32 domains in decimal.
 *
 * @throws {ApiError} `INVALID_ROUTE`
 * @example
 * parseRoute('31337-56') // { origin: 31337, destination: 56 }
 */
export function parseRoute(raw: string): { origin: number; destination: number } {
  const [origin, destination, extra] = raw.split('-').map(uint32)
  if (
    origin === undefined ||
    destination === undefined ||
    origin === null ||
    destination === null ||
    extra !== undefined
  )
    throw new ApiError('INVALID_ROUTE', 'a route is <origin>-<destination>, uint32 domains in decimal')
  return { origin, destination }
}

function parseLimit(raw: string | null): number {
  if (raw === null) return LIST_LIMITS.default
  const limit = /^[1-9][0-9]{0,3}$/.test(raw) ? Number(raw) : 0
  if (limit < 1 || limit > LIST_LIMITS.max) throw bad(`limit is 1..${LIST_LIMITS.max}`)
  return limit
}

function parseTime(raw: string | null, name: string): Date | undefined {
  if (raw === null) return undefined
  const time = ISO_TIME.test(raw) ? Date.parse(raw) : NaN
  if (Number.isNaN(time)) throw bad(`${name} is an ISO-8601 time, e.g. 2025-01-31T12:00:00Z`)
  return new Date(time)
}

function parseSender(raw: string | null): Uint8Array | undefined {
  if (raw === null) return undefined
  if (!SENDER.test(raw)) throw bad('sender is a 20-byte EVM address or 32 bytes of 0x hex')
  const bytes = hexToBytes(raw as Hex) // reason: checked by SENDER
  if (bytes.length === 32) return bytes
  // PROTOCOL.md "Message": an EVM sender is its address left-padded to 32 bytes.
  const padded = new Uint8Array(32)
  padded.set(bytes, 12)
  return padded
}

function parseState<S extends string>(raw: string | null, states: readonly S[]): S | undefined {
  if (raw === null) return undefined
  if (!(states as readonly string[]).includes(raw)) throw bad(`state is one of ${states.join(', ')}`)
  return raw as S // reason: checked against states
}

/** The opaque `nextCursor` of a message page. */
export const encodeMessageCursor = (p: MessageListPosition): string =>
  Buffer.from(`m1:${p.createdAtUs}:${Buffer.from(p.id).toString('hex')}`).toString('base64url')

/** The opaque `nextCursor` of a batch page. */
export const encodeBatchCursor = (p: BatchListPosition): string =>
  Buffer.from(`b1:${p.destination}:${p.batchIndex}`).toString('base64url')

function decodeCursor(raw: string | null, pattern: RegExp): RegExpExecArray | undefined {
  if (raw === null) return undefined
  const match = /^[A-Za-z0-9_-]{1,200}$/.test(raw)
    ? pattern.exec(Buffer.from(raw, 'base64url').toString('latin1'))
    : null
  if (!match) throw new ApiError('INVALID_CURSOR', 'cursor is the nextCursor of a previous page of this list')
  return match
}

/**
 * The filters and page of `GET /v1/messages` (every parameter optional).
 *
 * @throws {ApiError} `INVALID_QUERY`, `INVALID_ROUTE`, `INVALID_CURSOR`
 * @example
 * parseMessageListQuery(new URLSearchParams('route=31337-56&state=failed&limit=20'))
 */
export function parseMessageListQuery(query: URLSearchParams): ListMessagesParameters {
  assertKnown(query, ['sender', 'route', 'state', 'from', 'to', 'limit', 'cursor'])
  const route = query.get('route')
  const cursor = decodeCursor(query.get('cursor'), MESSAGE_CURSOR)
  return {
    sender: parseSender(query.get('sender')),
    ...(route === null ? {} : parseRoute(route)),
    state: parseState(query.get('state'), MESSAGE_STATES),
    from: parseTime(query.get('from'), 'from'),
    to: parseTime(query.get('to'), 'to'),
    limit: parseLimit(query.get('limit')),
    // reason: both groups matched
    after: cursor
      ? { createdAtUs: BigInt(cursor[1] as string), id: Buffer.from(cursor[2] as string, 'hex') }
      : undefined,
  }
}

/**
 * The filters and page of `GET /v1/batches`.
 *
 * @throws {ApiError} `INVALID_QUERY`, `INVALID_CURSOR`
 * @example
 * parseBatchListQuery(new URLSearchParams('destination=56&state=proposed'))
 */
export function parseBatchListQuery(query: URLSearchParams): ListBatchesParameters {
  assertKnown(query, ['destination', 'state', 'limit', 'cursor'])
  const rawDestination = query.get('destination')
  const destination = rawDestination === null ? undefined : uint32(rawDestination)
  if (destination === null) throw bad('destination is a uint32 domain in decimal')
  const cursor = decodeCursor(query.get('cursor'), BATCH_CURSOR)
  return {
    destination,
    state: parseState(query.get('state'), BATCH_STATES),
    limit: parseLimit(query.get('limit')),
    // reason: both groups matched
    after: cursor ? { destination: Number(cursor[1]), batchIndex: BigInt(cursor[2] as string) } : undefined,
  }
}
