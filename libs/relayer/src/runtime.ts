/**
 * `@relaymesh/relayer/runtime`: what the services' runtime (`@relaymesh/service-runtime`) builds a relayer process
 * from: its config schema, its context and the readiness probe of that context. Nothing here starts a stage, so a
 * process that imports it loads no stage's code: each stage has its own entry (`@relaymesh/relayer/start/<stage>`),
 * imported only by the process that runs it.
 */
export { RelayerError } from './RelayerError.js'
export { relayerConfigSchema, type RelayerConfig } from './config/relayerConfigSchema.js'
export { createRelayerContext, type RelayerContext } from './context/createRelayerContext.js'
export { apiDependenciesFromContext, createReadinessCheck } from './api/createReadinessCheck.js'
export { keepIdleConnections } from './api/keepIdleConnections.js'
