import { isRelaymeshError } from '@relaymesh/errors'
import { runServiceMain } from '@relaymesh/relayer'
import { readConfig } from './config.js'

const services = {
  watcher: () => import('@relaymesh/service-watcher'),
  verifier: () => import('@relaymesh/service-verifier'),
  batcher: () => import('@relaymesh/service-batcher'),
  settler: () => import('@relaymesh/service-settler'),
  api: () => import('@relaymesh/service-api'),
} as const

const usage = `usage: relaymesh <command>

services (one process each; configured by RELAYMESH_CONFIG_FILE and RELAYMESH_RELAYER_KEY_FILE):
  watcher    follow source chains, publish one bundle per finalized block
  verifier   verify every message (header, receipt proof, finality) in a worker pool
  batcher    seal batches, co-sign other relayers' proposals
  settler    submit co-signed batches, execute messages, follow the inbox
  api        HTTP JSON API, health, Prometheus metrics
  all        every service of one relayer in this process

development:
  devnet     two local chains, NATS, Postgres, three relayers (threshold 2), demo traffic and live progress
             [--relayers 3] [--threshold 2] [--rate 5] [--duration 0] [--limit 0] [--dir .devnet]`

/** The `relaymesh` command line. Returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const [command] = argv
  try {
    if (command === 'all') {
      await runServiceMain('all', readConfig())
      return 0
    }
    if (command === 'devnet') {
      const { main } = await import('@relaymesh/service-devnet')
      await main(argv.slice(1))
      return 0
    }
    if (command && command in services) {
      const { main } = await services[command as keyof typeof services]() // reason: checked with `in`
      await main()
      return 0
    }
    console.error(usage)
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2
  } catch (error) {
    if (isRelaymeshError(error)) console.error(`relaymesh ${command}: ${error.shortMessage} (${error.code})`)
    else console.error(error)
    return 1
  }
}
