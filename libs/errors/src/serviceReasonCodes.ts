import type { ReasonCodeEntry } from './ReasonCodeEntry.js'

/**
 * The codes of a service's own parts: the store (Postgres), the relayer API's answers and the telemetry
 * configuration. Part of the registry, `REASON_CODES`.
 */
export const SERVICE_REASON_CODES = {
  // store
  ILLEGAL_TRANSITION: {
    sources: ['store'],
    summary: 'A state change the state machine forbids: a bug or a lost race; do not retry blindly.',
  },
  INVALID_INPUT: { sources: ['store'], summary: 'Malformed input (wrong byte length, empty list, mismatched arrays).' },
  NOT_FOUND: { sources: ['store', 'api'], summary: 'The row the operation needs does not exist.' },
  BATCH_CONFLICT: {
    sources: ['store'],
    summary: 'Another batcher took the batch index or some of the messages first; re-read and retry.',
  },
  STATE_INCONSISTENT: {
    sources: ['store'],
    summary: 'Stored rows contradict each other (a journal with a hole): never guess a state from them.',
  },
  DATABASE_UNAVAILABLE: {
    sources: ['store'],
    summary: 'Postgres did not answer within the start-up wait: a restart of the service may find it up.',
  },
  DATABASE_REFUSED: {
    sources: ['store'],
    summary:
      'Postgres answered and refused the connection (credentials, no such database, TLS): waiting cannot fix it.',
  },
  MIGRATION_FAILED: {
    sources: ['store'],
    summary: 'Applying the migrations failed: the service must not start on an unknown schema.',
  },
  // api
  ROUTE_NOT_FOUND: { sources: ['api'], summary: 'No API route at that path.' },
  METHOD_NOT_ALLOWED: { sources: ['api'], summary: 'The API route does not take that HTTP method.' },
  INVALID_ID: { sources: ['api'], summary: 'A message id that is not 32 bytes of `0x` hex.' },
  INVALID_SOURCE_TX: {
    sources: ['api'],
    summary: 'A source tx hash that is not 32 (EVM) or 64 (Solana signature) bytes of `0x` hex.',
  },
  INVALID_BATCH_KEY: {
    sources: ['api'],
    summary: 'A batch destination that is not a uint32 or an index that is not a uint64, in decimal.',
  },
  INVALID_QUERY: {
    sources: ['api'],
    summary: 'A required query parameter is missing, or a filter or limit is malformed.',
  },
  INVALID_CURSOR: { sources: ['api'], summary: 'A `cursor` that is not one this API handed out.' },
  INVALID_ROUTE: {
    sources: ['api'],
    summary: 'A route that is not `<origin>-<destination>` with uint32 domains in decimal.',
  },
  UNAUTHORIZED: { sources: ['api'], summary: 'An admin route without `Authorization: Bearer <token>`.' },
  FORBIDDEN: { sources: ['api'], summary: 'An admin route with a wrong token.' },
  ADMIN_DISABLED: {
    sources: ['api'],
    summary: 'An admin route on an API started without an admin token: admin is off.',
  },
  NOT_RETRYABLE: {
    sources: ['api'],
    summary: 'Retry of a message that is not `failed` (only failed executions are retried).',
  },
  HEADERS_TOO_LARGE: {
    sources: ['api'],
    summary:
      "A request line and headers over the server's limit (16 KiB): a huge URL or header, refused before routing.",
  },
  BAD_REQUEST: { sources: ['api'], summary: 'Bytes that are not an HTTP request, refused before routing.' },
  RATE_LIMITED: {
    sources: ['api'],
    summary: 'Too many requests from this client address; `Retry-After` says when to come back.',
  },
  CHAINS_NOT_CONFIGURED: { sources: ['api'], summary: '`/v1/relayers` on an API started without chain access.' },
  UNAVAILABLE: {
    sources: ['api'],
    summary: 'Postgres or NATS is not reachable (`/readyz`) or a dependency failed transiently.',
  },
  INTERNAL: {
    sources: ['api'],
    summary: "A bug or an inconsistent database; the details are in the relayer's log, not in the response.",
  },
  API_LISTEN_FAILED: {
    sources: ['api'],
    summary: 'The server could not bind its port: the service must not run without its API.',
  },
  // telemetry
  OTEL_PROTOCOL_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` is not `http/protobuf` or `http/json` (e.g. `grpc`).',
  },
  OTEL_EXPORTER_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_TRACES_EXPORTER` is not `otlp`, `none` or `console`.',
  },
  OTEL_SAMPLER_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_TRACES_SAMPLER` names no sampler relaymesh knows.',
  },
  OTEL_SAMPLER_ARG_INVALID: { sources: ['telemetry'], summary: '`OTEL_TRACES_SAMPLER_ARG` is not a ratio in [0, 1].' },
  OTEL_ENDPOINT_INVALID: { sources: ['telemetry'], summary: 'An endpoint variable is not a URL.' },
} as const satisfies Record<string, ReasonCodeEntry>
