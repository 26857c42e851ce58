import { readFileSync } from 'node:fs'
import { loadServiceConfig, type ServiceConfig } from '@relaymesh/service-runtime'

/** The only place this service reads its environment. */
export function readConfig(): ServiceConfig {
  return loadServiceConfig(process.env, (path) => readFileSync(path, 'utf8'))
}
