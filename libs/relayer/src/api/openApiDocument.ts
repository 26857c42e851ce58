import { LIST_LIMITS } from './parseListParams.js'
import { OPENAPI_SCHEMAS } from './openApiSchemas.js'
import type { JsonSchema } from './validateJsonSchema.js'

/** The slice of OpenAPI 3.1 this document uses. */
export type OpenApiParameter = {
  name: string
  in: 'path' | 'query'
  required?: boolean
  description?: string
  schema: JsonSchema
}
export type OpenApiResponse = { description: string; content?: Record<string, { schema: JsonSchema }> }
export type OpenApiOperation = {
  operationId: string
  summary: string
  tags: string[]
  parameters?: OpenApiParameter[]
  security?: Record<string, string[]>[]
  responses: Record<string, OpenApiResponse>
}
export type OpenApi = {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  paths: Record<string, Partial<Record<'get' | 'post', OpenApiOperation>>>
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> }
}

const json = (name: string, description: string): OpenApiResponse => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
})
const oneOfJson = (names: string[], description: string): OpenApiResponse => ({
  description,
  content: { 'application/json': { schema: { oneOf: names.map((n) => ({ $ref: `#/components/schemas/${n}` })) } } },
})
const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed parameter',
  401: 'No bearer token',
  403: 'Wrong token, or admin is off',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  429: 'Rate limited; see Retry-After',
  500: 'Internal error',
  503: 'A dependency is unavailable',
}
const errors = (...statuses: number[]): Record<string, OpenApiResponse> =>
  Object.fromEntries([...statuses, 500].map((s) => [String(s), json('Error', ERROR_TEXT[s] ?? 'Error')]))

const query = (name: string, schema: JsonSchema, description: string): OpenApiParameter => ({
  name,
  in: 'query',
  schema,
  description,
})
const path = (name: string, schema: JsonSchema, description: string): OpenApiParameter => ({
  name,
  in: 'path',
  required: true,
  schema,
  description,
})
const routeParam = path(
  'route',
  { type: 'string', pattern: '^[0-9]+-[0-9]+$' },
  '<origin>-<destination>, decimal domains',
)
const page = [
  query(
    'limit',
    { type: 'integer', minimum: 1, maximum: LIST_LIMITS.max },
    `Page size, default ${LIST_LIMITS.default}.`,
  ),
  query('cursor', { type: 'string' }, 'The nextCursor of the previous page.'),
]
const admin = { security: [{ adminToken: [] }], tags: ['admin'] }

const paths: OpenApi['paths'] = {
  '/v1/messages': {
    get: {
      operationId: 'listMessages',
      tags: ['messages'],
      summary:
        'Messages newest first, filtered and keyset-paginated; or, with sourceTx alone, every message of one ' +
        'source transaction in log order.',
      parameters: [
        query(
          'sourceTx',
          { type: 'string', pattern: '^0x([0-9a-fA-F]{64}|[0-9a-fA-F]{128})$' },
          'A source tx hash (32 bytes) or Solana signature (64); the filters and page parameters do not apply to it.',
        ),
        query(
          'sender',
          { type: 'string', pattern: '^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$' },
          'An EVM address (left-padded) or a 32-byte sender.',
        ),
        query('route', { type: 'string', pattern: '^[0-9]+-[0-9]+$' }, '<origin>-<destination>'),
        query('state', { $ref: '#/components/schemas/MessageState' }, 'Only messages in this state.'),
        query('from', { type: 'string', format: 'date-time' }, 'Stored at or after (ISO-8601).'),
        query('to', { type: 'string', format: 'date-time' }, 'Stored before (ISO-8601).'),
        ...page,
      ],
      responses: {
        200: oneOfJson(['MessageList', 'MessagesBySourceTx'], "A page of messages, or a transaction's messages"),
        ...errors(400, 429),
      },
    },
  },
  '/v1/messages/{id}': {
    get: {
      operationId: 'getMessage',
      tags: ['messages'],
      summary: 'One message with hops, rejections and (once batched) its execution proof.',
      parameters: [path('id', { type: 'string' }, 'The 32-byte message id, 0x hex.')],
      responses: { 200: oneOfJson(['MessageStatus', 'RejectedClaimStatus'], 'The message'), ...errors(400, 404, 429) },
    },
  },
  '/v1/batches': {
    get: {
      operationId: 'listBatches',
      tags: ['batches'],
      summary: 'Batches by destination then index, newest first, keyset-paginated.',
      parameters: [
        query('destination', { type: 'integer', minimum: 0 }, 'Only this destination.'),
        query('state', { $ref: '#/components/schemas/BatchState' }, 'Only batches in this state.'),
        ...page,
      ],
      responses: { 200: json('BatchList', 'A page of batches'), ...errors(400, 429) },
    },
  },
  '/v1/batches/{destination}/{index}': {
    get: {
      operationId: 'getBatch',
      tags: ['batches'],
      summary: 'One batch with signatures and message ids.',
      parameters: [
        path('destination', { type: 'integer' }, 'uint32, decimal'),
        path('index', { type: 'string' }, 'uint64, decimal'),
      ],
      responses: { 200: json('BatchStatus', 'The batch'), ...errors(400, 404, 429) },
    },
  },
  '/v1/stats': {
    get: {
      operationId: 'getStats',
      tags: ['operations'],
      summary: 'Message counts per state: in total, per destination and per route.',
      responses: { 200: json('ApiStats', 'Counts'), ...errors(429) },
    },
  },
  '/v1/relayers': {
    get: {
      operationId: 'getRelayers',
      tags: ['operations'],
      summary: "Each chain's inbox relayer set and threshold, and this relayer's settler balance.",
      responses: {
        200: json('RelayerSets', 'Per chain; an unreadable chain has nulls and an error'),
        ...errors(429, 503),
      },
    },
  },
  '/v1/routes': {
    get: {
      operationId: 'getRoutes',
      tags: ['operations'],
      summary: "Every route with a message or a pause, and whether this relayer's batcher is paused on it (read-only).",
      responses: { 200: json('RouteStates', 'Routes'), ...errors(429) },
    },
  },
  '/v1/equivocations': {
    get: {
      operationId: 'getEquivocations',
      tags: ['operations'],
      summary:
        'Solana committee members proven to have signed two different commitments for one slot, with both signed ' +
        'commitments.',
      responses: { 200: json('Equivocations', 'Proofs, newest slot first (at most 100)'), ...errors(429) },
    },
  },
  '/v1/admin/messages/{id}/retry': {
    post: {
      operationId: 'retryMessage',
      ...admin,
      summary: 'Makes a failed message due for execution again (resets its attempts and backoff).',
      parameters: [path('id', { type: 'string' }, 'The 32-byte message id, 0x hex.')],
      responses: { 200: json('RetryResult', 'Due again'), ...errors(400, 401, 403, 404, 409, 429) },
    },
  },
  '/v1/admin/routes': {
    get: {
      operationId: 'listRoutes',
      ...admin,
      summary: 'Every route with a message or a pause, and its pause state.',
      responses: { 200: json('RouteStates', 'Routes'), ...errors(401, 403, 429) },
    },
  },
  '/v1/admin/routes/{route}/pause': {
    post: {
      operationId: 'pauseRoute',
      ...admin,
      summary: "Stops this relayer's batcher from sealing the route's messages (they wait, verified). Idempotent.",
      parameters: [routeParam],
      responses: { 200: json('RouteState', 'Paused'), ...errors(400, 401, 403, 429) },
    },
  },
  '/v1/admin/routes/{route}/resume': {
    post: {
      operationId: 'resumeRoute',
      ...admin,
      summary: 'Resumes batching on a route. Idempotent.',
      parameters: [routeParam],
      responses: { 200: json('RouteState', 'Resumed'), ...errors(400, 401, 403, 429) },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      tags: ['operations'],
      summary: 'This document.',
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
        ...errors(429),
      },
    },
  },
  '/healthz': {
    get: {
      operationId: 'getLiveness',
      tags: ['operations'],
      summary: 'Liveness (never rate limited).',
      responses: { 200: json('Liveness', 'Alive') },
    },
  },
  '/readyz': {
    get: {
      operationId: 'getReadiness',
      tags: ['operations'],
      summary: 'Readiness: Postgres and NATS (never rate limited).',
      responses: { 200: json('Readiness', 'Ready'), 503: json('Readiness', 'Not ready') },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      tags: ['operations'],
      summary: 'Prometheus text 0.0.4 (never rate limited).',
      responses: { 200: { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
}

/**
 * The relayer API's OpenAPI 3.1 description, served at `/openapi.json`; a
 * test checks real responses against it (`openApi.int.test.ts`).
 *
 * @example
 * const spec = await (await fetch(`${apiUrl}/openapi.json`)).json()
 */
export const OPENAPI_DOCUMENT: OpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'relaymesh relayer API',
    version: '1',
    description:
      'JSON everywhere: uint64 as decimal strings, bytes as lowercase 0x hex, times as ISO-8601. ' +
      'Public routes are rate limited per client address (429 with Retry-After); /v1/admin/* needs a bearer token.',
  },
  paths,
  components: { schemas: OPENAPI_SCHEMAS, securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
}
