import { readFileSync } from 'node:fs'
import { loadServiceConfig, type ServiceConfig } from '@relaymesh/service-runtime'

/** The only place this service reads its environment. The api signs nothing: it never reads the relayer key. */
export function readConfig(): ServiceConfig {
  return loadServiceConfig(process.env, (path) => readFileSync(path, 'utf8'), { signs: false })
}
