/**
 * `@relaymesh/service-runtime`: the process runtime every composition root (`services/<name>/src/main.ts`, and the
 * CLI's `relaymesh all`) runs on: its validated config, its context, its health port, its stop on SIGTERM. It loads
 * no stage's code until it starts that stage (`startServices`), so a service process holds only its own code. It
 * reads no environment: the root's `config.ts` passes the environment in.
 */
export { loadServiceConfig, type ServiceConfig } from './loadServiceConfig.js'
export { openServiceContext, type OpenServiceContextParameters } from './openServiceContext.js'
export { runServices, type RunServicesParameters } from './runServices.js'
export { startServices } from './startServices.js'
export { SERVICE_NAMES, type ServiceName } from './ServiceName.js'
export { signsWithKey, SIGNING_SERVICES } from './signsWithKey.js'
export { stopOnSignals, type StopOnSignalsParameters } from './stopOnSignals.js'
export { applyServiceHeapFlags, SERVICE_HEAP_FLAGS } from './applyServiceHeapFlags.js'
