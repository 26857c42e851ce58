import { BATCH_STATES, MESSAGE_STATES, VERIFICATIONS } from '@relaymesh/store'
import { API_ERRORS } from './ApiError.js'
import type { JsonSchema } from './validateJsonSchema.js'

/**
 * The response shapes of `@relaymesh/sdk` (`ApiTypes.ts`, `OperatorApiTypes.ts`) as JSON Schema (OpenAPI 3.1
 * components). Objects are closed: drift fails the conformance test.
 */

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` })
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [{ type: 'null' }, schema] })
/** A closed object whose properties are all required. */
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
})

const hex: JsonSchema = { type: 'string', pattern: '^0x([0-9a-f]{2})*$', description: 'Bytes as lowercase 0x hex.' }
const hex32: JsonSchema = { type: 'string', pattern: '^0x[0-9a-f]{64}$' }
const nullableHex32: JsonSchema = { type: ['string', 'null'], pattern: '^0x[0-9a-f]{64}$' }
const address: JsonSchema = { type: 'string', pattern: '^0x[0-9a-f]{40}$' }
const decimal: JsonSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)$',
  description: 'A uint64 as a decimal string.',
}
const isoTime: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' }
// reason: set just above
const nullableTime: JsonSchema = { type: ['string', 'null'], pattern: isoTime.pattern as string }
const domain: JsonSchema = { type: 'integer', minimum: 0, maximum: 0xffffffff }
const count: JsonSchema = { type: 'integer', minimum: 0 }
const cursor: JsonSchema = {
  type: ['string', 'null'],
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Pass back as `cursor` for the next page; null on the last.',
}
const route: JsonSchema = { type: 'string', pattern: '^(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$' }

const stateCounts = object(
  Object.fromEntries(MESSAGE_STATES.map((s) => [s, count])),
  'Message counts per state; every state present.',
)

const messageSummaryProperties: Record<string, JsonSchema> = {
  id: hex32,
  state: ref('MessageState'),
  origin: domain,
  destination: domain,
  nonce: decimal,
  sender: hex32,
  recipient: hex32,
  gasLimit: { type: 'integer', minimum: 0, maximum: 0xffffffff },
  payload: hex,
  verification: { enum: VERIFICATIONS },
  reasonCode: { type: ['string', 'null'] },
  attempts: count,
  rejections: { type: 'array', items: ref('Rejection') },
  hops: object({
    observed: nullableTime,
    verified: nullableTime,
    batched: nullableTime,
    settled: nullableTime,
    executed: nullableTime,
  }),
  source: object({
    blockNumber: decimal,
    blockHash: hex32,
    txHash: { type: 'string', pattern: '^0x([0-9a-f]{64}|[0-9a-f]{128})$' },
    logIndex: count,
  }),
  batch: nullable(object({ destination: domain, batchIndex: decimal, leafIndex: count })),
  executionTxHash: nullableHex32,
  traceparent: { type: ['string', 'null'] },
}

const batchHeaderProperties: Record<string, JsonSchema> = {
  destination: domain,
  batchIndex: decimal,
  root: hex32,
  messageCount: count,
  previousBatchHash: hex32,
}

const batchSummaryProperties: Record<string, JsonSchema> = {
  ...batchHeaderProperties,
  state: ref('BatchState'),
  batchHash: hex32,
  proposer: address,
  submitTxHash: nullableHex32,
  times: object({ proposed: isoTime, signed: nullableTime, submitted: nullableTime, settled: nullableTime }),
  traceparent: { type: ['string', 'null'] },
}

const routeState = object({
  route,
  origin: domain,
  destination: domain,
  paused: { type: 'boolean' },
  pausedAt: nullableTime,
})

const chainRelayers = object({
  domain,
  name: { type: 'string' },
  inbox: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
  relayers: { type: ['array', 'null'], items: address },
  threshold: { type: ['integer', 'null'], minimum: 1 },
  paused: { type: ['boolean', 'null'] },
  pauser: { type: ['string', 'null'], pattern: address.pattern as string }, // reason: set above
  pendingRotation: nullable(
    object({
      relayers: { type: 'array', items: address },
      threshold: { type: 'integer', minimum: 1 },
      pauser: address,
      eta: isoTime,
    }),
  ),
  // reason: set above
  settler: object({ address, balanceWei: { type: ['string', 'null'], pattern: decimal.pattern as string } }),
  error: nullable(object({ code: { type: 'string' }, message: { type: 'string' } })),
})

/** `components.schemas` of the OpenAPI document. */
export const OPENAPI_SCHEMAS: Record<string, JsonSchema> = {
  MessageState: { type: 'string', enum: MESSAGE_STATES },
  BatchState: { type: 'string', enum: BATCH_STATES },
  Rejection: object({ stage: { type: 'string' }, reasonCode: { type: 'string' }, details: {}, at: isoTime }),
  MessageSummary: object(messageSummaryProperties, 'A message without its execution proof.'),
  ExecutionProof: object(
    {
      header: object(batchHeaderProperties),
      batchHash: hex32,
      batchState: ref('BatchState'),
      message: hex,
      leafIndex: count,
      proof: { type: 'array', items: hex32 },
    },
    'SettlementInbox.execute(header, [message], [leafIndex], proof) once batchState is settled.',
  ),
  MessageStatus: object({
    ...messageSummaryProperties,
    proof: nullable(ref('ExecutionProof')),
    proofError: nullable(object({ code: { type: 'string' }, message: { type: 'string' } })),
  }),
  RejectedClaimStatus: object(
    {
      id: hex32,
      state: { const: 'rejected' },
      stored: { const: false },
      reasonCode: { type: 'string' },
      rejections: { type: 'array', items: ref('Rejection') },
    },
    'An id that was claimed but never proven: only its rejections.',
  ),
  MessagesBySourceTx: object({
    sourceTxHash: { type: 'string', pattern: '^0x([0-9a-f]{64}|[0-9a-f]{128})$' },
    messages: { type: 'array', items: ref('MessageSummary') },
  }),
  MessageList: object(
    { messages: { type: 'array', items: ref('MessageSummary') }, nextCursor: cursor },
    'Newest first (stored time, then id).',
  ),
  BatchStatus: object({
    ...batchSummaryProperties,
    signatures: {
      type: 'array',
      items: object({ signer: address, signature: { type: 'string', pattern: '^0x[0-9a-f]{130}$' } }),
    },
    messageIds: { type: 'array', items: hex32 },
  }),
  BatchSummary: object(batchSummaryProperties),
  BatchList: object(
    { batches: { type: 'array', items: ref('BatchSummary') }, nextCursor: cursor },
    'By destination, then index, both descending.',
  ),
  StateCounts: stateCounts,
  ApiStats: object({
    total: ref('StateCounts'),
    byDestination: { type: 'object', additionalProperties: ref('StateCounts') },
    byRoute: { type: 'object', additionalProperties: ref('StateCounts') },
  }),
  RouteState: routeState,
  RouteStates: object({ routes: { type: 'array', items: ref('RouteState') } }),
  RetryResult: object({ id: hex32, state: ref('MessageState'), attempts: count }),
  ChainRelayers: chainRelayers,
  RelayerSets: object({ chains: { type: 'array', items: ref('ChainRelayers') } }),
  SignedCommitment: object({
    commitment: hex,
    signature: { type: 'string', pattern: '^[A-Za-z0-9+/]{86}==$', description: 'ed25519, base64.' },
  }),
  Equivocations: object(
    {
      proofs: {
        type: 'array',
        items: object({
          domain,
          slot: count,
          signer: { type: 'string', pattern: '^[1-9A-HJ-NP-Za-km-z]{32,44}$' },
          first: ref('SignedCommitment'),
          second: ref('SignedCommitment'),
        }),
      },
    },
    'Check each proof offline with verifyEquivocationProof (@relaymesh/solana).',
  ),
  Readiness: object({
    ready: { type: 'boolean' },
    checks: object({ postgres: { type: 'boolean' }, nats: { type: 'boolean' } }),
  }),
  Liveness: object({ status: { const: 'ok' } }),
  Error: object(
    {
      error: object({
        code: { type: 'string', enum: [...Object.keys(API_ERRORS), 'INVALID_INPUT'] },
        message: { type: 'string' },
      }),
    },
    'Every non-2xx answer. 429 carries Retry-After (seconds); 401 carries WWW-Authenticate.',
  ),
}
