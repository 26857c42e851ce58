import { runServiceMain } from '@relaymesh/relayer/service'
import { readConfig } from './config.js'

/** `relaymesh watcher`: see libs/relayer/DESIGN.md. */
export function main(): Promise<void> {
  return runServiceMain('watcher', readConfig())
}
