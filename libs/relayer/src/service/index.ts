/**
 * `@relaymesh/relayer/service`: what a service's composition root needs, and nothing else, so a service process
 * loads only its own code (`runServiceMain` imports each service's modules when it starts them).
 */
export { loadServiceConfig, type ServiceConfig } from './loadServiceConfig.js'
export {
  runServiceMain,
  signsWithKey,
  startServices,
  SERVICE_NAMES,
  SIGNING_SERVICES,
  type ServiceName,
} from './runService.js'
export { SERVICE_NODE_FLAGS } from './serviceNodeFlags.js'
