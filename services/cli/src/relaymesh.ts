import { inspect } from 'node:util'
import { isRelaymeshError, redactUrls } from '@relaymesh/errors'
import { readOperatorEnv } from './operatorEnv.js'
import { parseOperatorArgs, UsageError, type OperatorArgs } from './operatorArgs.js'

const services = {
  watcher: () => import('@relaymesh/service-watcher'),
  verifier: () => import('@relaymesh/service-verifier'),
  batcher: () => import('@relaymesh/service-batcher'),
  settler: () => import('@relaymesh/service-settler'),
  api: () => import('@relaymesh/service-api'),
  attester: () => import('@relaymesh/service-attester'),
} as const

/** Operator commands: clients of a running relayer's API. */
const operatorCommands: Record<string, () => Promise<(args: OperatorArgs) => Promise<void>>> = {
  status: async () => (await import('./status.js')).statusCommand,
  message: async () => (await import('./message.js')).messageCommand,
  batch: async () => (await import('./batch.js')).batchCommand,
  retry: async () => (await import('./retry.js')).retryCommand,
  pause: async () => (await import('./pause.js')).pauseCommand,
  resume: async () => (await import('./resume.js')).resumeCommand,
  relayers: async () => (await import('./relayers.js')).relayersCommand,
}

const usage =
  `usage: relaymesh <command>

services (one process each; configured by RELAYMESH_CONFIG_FILE and RELAYMESH_RELAYER_KEY_FILE):
  watcher    follow source chains, publish one bundle per finalized block
  verifier   verify every message (header, receipt proof, finality) in a worker pool
  batcher    seal batches, co-sign other relayers' proposals
  settler    submit co-signed batches, execute messages, follow the inbox
  api        HTTP JSON API, health, Prometheus metrics
  all        every service of one relayer in this process
  attester   a Solana committee member: signs finalized slot commitments once each, serves them to relayers
             (RELAYMESH_ATTESTER_CONFIG_FILE, RELAYMESH_ATTESTER_KEY_FILE, RELAYMESH_ATTESTER_TOKENS_FILE;
             HTTPS and mTLS: RELAYMESH_ATTESTER_TLS_CERT_FILE, _TLS_KEY_FILE, _TLS_CLIENT_CA_FILE)
  committee <plan.json> --out <dir>
             check a Solana committee plan (attesters' keys and URLs, relayers, stakes per epoch) and write the
             shared schedule, each relayer's committee entry with its token, each attester's committee and tokens file

operations (against a relayer's API: --api <url> or RELAYMESH_API_URL, default http://127.0.0.1:8080; --json for ` +
  `scripts):
  status                           backlog per stage and route, throughput over --interval ms (default 1000), ` +
  `recent failures
  message <id>                     one message: state, hops, batch, proof, failures, trace id
                                   (and its Jaeger link with --jaeger <url> or RELAYMESH_JAEGER_URL)
  batch <destination> <index>      one batch: state, signatures, submit tx
  relayers                         each chain's relayer set, threshold and the settler's balance
  retry <id>                       make a failed message due for execution again   (admin: --token or ` +
  `RELAYMESH_ADMIN_TOKEN)
  pause <origin>-<destination>     stop batching a route on this relayer            (admin)
  resume <origin>-<destination>    batch the route again                             (admin)
  migrate                          apply the database migrations (RELAYMESH_CONFIG_FILE), then exit

development:
  devnet     two local chains, NATS, Postgres, three relayers (threshold 2), demo traffic and live progress
             [--relayers 3] [--threshold 2] [--rate 20] [--sdk-rate 1] [--duration 0] [--dir .devnet]
             (msgs/s over the four routes, SDK transfers/s each way; logs in <dir>/<relayer>/<service>.log)`

/** The `relaymesh` command line. Returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const [command] = argv
  try {
    if (command === 'all') {
      // Loaded only here: the operator commands below must not pay for the whole relayer at start.
      const { runAll } = await import('./all.js')
      await runAll()
      return 0
    }
    if (command === 'committee') {
      const { committeeCommand } = await import('./committee.js')
      committeeCommand(argv.slice(1))
      return 0
    }
    if (command === 'migrate') {
      const { migrate } = await import('./migrate.js')
      await migrate()
      return 0
    }
    const operator = command && Object.hasOwn(operatorCommands, command) ? operatorCommands[command] : undefined
    if (operator) {
      const runCommand = await operator()
      await runCommand(parseOperatorArgs(argv.slice(1), readOperatorEnv()))
      return 0
    }
    if (command === 'devnet') {
      const { DEVNET_NOT_INSTALLED, loadDevnet } = await import('./loadDevnet.js')
      const main = await loadDevnet()
      if (!main) {
        console.error(DEVNET_NOT_INSTALLED)
        return 1
      }
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
    // With --json a script reads one JSON document on stdout whatever happened: the result, or the error.
    if (argv.includes('--json')) {
      console.log(JSON.stringify({ error: jsonError(error) }))
      return error instanceof UsageError ? 2 : 1
    }
    if (error instanceof UsageError) {
      console.error(`relaymesh ${command}: ${error.message}\n\n${usage}`)
      return 2
    }
    // A service's fatal error can quote an RPC or NATS URL (API keys in its path, credentials in its userinfo).
    if (isRelaymeshError(error))
      console.error(redactUrls(`relaymesh ${command}: ${error.shortMessage} (${errorCode(error)})`))
    else console.error(redactUrls(inspect(error)))
    return 1
  }
}

/** The code an operator acts on: the relayer API's own (`NOT_RETRYABLE`, `FORBIDDEN`, ...) when it refused the call. */
function errorCode(error: { code: string; meta: Record<string, unknown> }): string {
  const apiCode = error.meta['apiCode']
  return error.code === 'API_ERROR' && typeof apiCode === 'string' ? apiCode : error.code
}

/** `{ code, message }` of a failed command for `--json`: the relaymesh reason code, `USAGE`, or `UNEXPECTED`. */
function jsonError(error: unknown): { code: string; message: string } {
  if (error instanceof UsageError) return { code: 'USAGE', message: error.message }
  if (isRelaymeshError(error)) return { code: errorCode(error), message: redactUrls(error.shortMessage) }
  return { code: 'UNEXPECTED', message: redactUrls(error instanceof Error ? error.message : String(error)) }
}
