/**
 * `@relaymesh/relayer/service`: what a service's composition root (`services/<name>/src/main.ts`) needs, and nothing
 * else, so a service process loads only its own code (`startServices` imports each service's modules when it
 * starts them). It reads no environment: the root passes its validated config in.
 */
export { loadServiceConfig, type ServiceConfig } from './loadServiceConfig.js'
export { openServiceContext, type OpenServiceContextParameters } from './openServiceContext.js'
export { runServices, type RunServicesParameters } from './runServices.js'
export { signsWithKey, startServices, SERVICE_NAMES, SIGNING_SERVICES, type ServiceName } from './startServices.js'
export { stopOnSignals, type StopOnSignalsParameters } from './stopOnSignals.js'
export { SERVICE_NODE_FLAGS } from './serviceNodeFlags.js'
export { applyServiceHeapFlags, SERVICE_HEAP_FLAGS } from './applyServiceHeapFlags.js'
