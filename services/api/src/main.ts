import { runServiceMain } from '@relaymesh/relayer/service'
import { readConfig } from './config.js'

/** `relaymesh api`: see libs/relayer/DESIGN.md. */
export function main(): Promise<void> {
  return runServiceMain('api', readConfig())
}
