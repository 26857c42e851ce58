import { parseArgs } from 'node:util'
import type { OperatorEnv } from './operatorEnv.js'

/** The parsed command line of an operator command. */
export type OperatorArgs = {
  positionals: string[]
  api: string
  token: string | undefined
  json: boolean
  /** Jaeger's UI base URL (`--jaeger` or `RELAYMESH_JAEGER_URL`), for trace links. */
  jaeger: string | undefined
  /** `status`: milliseconds between the two stats samples. */
  intervalMs: number
}

/** A command line the command cannot run with: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Parses `--api <url> --token <t> --json --interval <ms> --jaeger <url>` and the positionals.
 *
 * @throws {UsageError} on an unknown flag or a bad value
 */
export function parseOperatorArgs(argv: string[], env: OperatorEnv): OperatorArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        api: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        interval: { type: 'string' },
        jaeger: { type: 'string' },
      },
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  const intervalMs = values.interval === undefined ? 1_000 : Number(values.interval)
  if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > 600_000)
    throw new UsageError('--interval is 1..600000 milliseconds')
  const api = values.api ?? env.apiUrl
  if (!/^https?:\/\/[^\s]+$/.test(api)) throw new UsageError(`--api must be an http(s) URL, got ${JSON.stringify(api)}`)
  const jaeger = values.jaeger ?? env.jaegerUrl
  if (jaeger !== undefined && !/^https?:\/\/[^\s]+$/.test(jaeger))
    throw new UsageError(`--jaeger must be an http(s) URL, got ${JSON.stringify(jaeger)}`)
  return { positionals, api, token: values.token ?? env.adminToken, json: values.json ?? false, jaeger, intervalMs }
}

/** The admin token, or a usage error saying where to put it. */
export function requireToken(args: OperatorArgs): string {
  if (!args.token) throw new UsageError('this command needs the admin token: --token <token> or RELAYMESH_ADMIN_TOKEN')
  return args.token
}

/** Exactly `count` positionals, named in `what` for the error. */
export function positionals(args: OperatorArgs, what: string[]): string[] {
  if (args.positionals.length !== what.length)
    throw new UsageError(`expected ${what.map((w) => `<${w}>`).join(' ') || 'no arguments'}`)
  return args.positionals
}
