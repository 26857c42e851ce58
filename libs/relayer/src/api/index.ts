/**
 * The relayer HTTP API: `startApi` (server) and typed fetch helpers (client)
 * for the CLI, the devnet and e2e tests. Response shapes are in `ApiResponses`.
 */
export { startApi, defaultStartApiOptions, type ApiDependencies, type StartApiParameters, type StartApiReturnType } from './startApi.js'
export { apiChainsFromContext, type ApiChains } from './ApiChains.js'
export { defaultRateLimitOptions, type RateLimitOptions } from './createRateLimiter.js'
export { OPENAPI_DOCUMENT, type OpenApi } from './openApiDocument.js'
export { validateJsonSchema, type JsonSchema, type SchemaViolation } from './validateJsonSchema.js'
export { createReadinessCheck, apiDependenciesFromContext, type CreateReadinessCheckParameters } from './createReadinessCheck.js'
export { ApiError, API_ERRORS, toHttpError, type ApiErrorCode } from './ApiError.js'
// The client half (fetch helpers and response shapes) is also `@relaymesh/relayer/api-client` on its own.
export * from './client.js'
export { parsePrometheusText, type PrometheusSample } from './prometheusText.js'
export { getApiStats } from './getApiStats.js'
export { API_REQUEST_SECONDS_BUCKETS } from './ApiMetrics.js'
