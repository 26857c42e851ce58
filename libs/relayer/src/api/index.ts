/**
 * The relayer HTTP API server, `startApi`. Its response shapes and the one typed client (CLI, devnet, tests) are
 * in `@relaymesh/sdk` (`ApiTypes.ts`, `OperatorApiTypes.ts`, the `@relaymesh/sdk/api` actions).
 */
export {
  startApi,
  defaultStartApiOptions,
  type ApiDependencies,
  type StartApiParameters,
  type StartApiReturnType,
} from './startApi.js'
export { apiChainsFromContext, type ApiChains } from './ApiChains.js'
export { defaultRateLimitOptions, type RateLimitOptions } from './createRateLimiter.js'
export { OPENAPI_DOCUMENT, type OpenApi } from './openApiDocument.js'
export { validateJsonSchema, type JsonSchema, type SchemaViolation } from './validateJsonSchema.js'
export {
  createReadinessCheck,
  apiDependenciesFromContext,
  type CreateReadinessCheckParameters,
} from './createReadinessCheck.js'
export { ApiError, API_ERRORS, toHttpError, type ApiErrorCode } from './ApiError.js'
export { parsePrometheusText, type PrometheusSample } from './prometheusText.js'
export { getApiStats } from './getApiStats.js'
export { API_REQUEST_SECONDS_BUCKETS } from './ApiMetrics.js'
