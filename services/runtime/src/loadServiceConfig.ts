import type { BusAuth } from '@relaymesh/bus'
import type { TelemetryEnv } from '@relaymesh/telemetry'
import { z } from 'zod'
import { relayerConfigSchema, RelayerError, type RelayerConfig } from '@relaymesh/relayer/runtime'

export type ServiceConfig = {
  relayer: RelayerConfig
  /** Only for the services that sign (batcher, settler, all); never logged. */
  privateKey: `0x${string}` | undefined
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'
  telemetryEnv: TelemetryEnv
  subjectRoot: string | undefined
  streamPrefix: string | undefined
  /** For `watcher`: the origin domains to watch (default: every configured chain). */
  origins: number[] | undefined
  /**
   * `RELAYMESH_EXIT_WITH_PARENT=<pid>`: stop when the process with this pid is no longer the parent (it died and
   * the orphan was re-parented), also when that happened before this process got as far as reading its config.
   * Spawners pass their own pid (devnet and tests, so no orphan outlives them). `1` means the parent found at start,
   * which misses a parent that died while this process was still loading its modules (a minute on busy CI).
   */
  exitWithParent: number | 'parent-at-start' | undefined
  /** `RELAYMESH_HEALTH_PORT`: a worker service serves /healthz, /readyz and /metrics there (the api has its own). */
  healthPort: number | undefined
  /** For `api`: the bearer token of `/v1/admin/*`; never logged. Absent: admin routes are off. */
  adminToken: string | undefined
  /** NATS credentials read from the files `relayer.nats` names, and its TLS files; never logged. */
  natsAuth: BusAuth | undefined
}

const keySchema = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'a 32-byte 0x-prefixed secp256k1 private key')
const adminTokenSchema = z
  .string()
  .trim()
  .min(16, 'at least 16 characters')
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
const levelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info')

/**
 * Reads a service's configuration from its environment (passed in: only
 * `services/*\/src/config.ts` touches `process.env`):
 * - `RELAYMESH_CONFIG_FILE` (JSON file) or `RELAYMESH_CONFIG` (inline JSON): the relayer config;
 * - `RELAYMESH_RELAYER_KEY_FILE` (a mounted Secret) or `RELAYMESH_RELAYER_KEY`: the relayer key, read only
 *   when `options.signs` (batcher, settler, all; the default): api, watcher and verifier never read it;
 * - `RELAYMESH_ADMIN_TOKEN_FILE` (a mounted Secret) or `RELAYMESH_ADMIN_TOKEN`: the API's admin token (optional);
 * - `RELAYMESH_LOG_LEVEL`, `RELAYMESH_ORIGINS` (comma-separated domains), `RELAYMESH_SUBJECT_ROOT`,
 *   `RELAYMESH_STREAM_PREFIX`, `RELAYMESH_JAEGER_URL` (the explorer's trace links), and the standard `OTEL_*`
 *   variables.
 *
 * @throws RelayerError `CONFIG_INVALID` (fatal) naming the variable and what is wrong, never the key.
 */
export function loadServiceConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
  options: { signs: boolean } = { signs: true },
): ServiceConfig {
  const rawConfig = env.RELAYMESH_CONFIG_FILE ? readFile(env.RELAYMESH_CONFIG_FILE) : env.RELAYMESH_CONFIG
  if (!rawConfig) throw invalid('set RELAYMESH_CONFIG_FILE (path to the relayer JSON config) or RELAYMESH_CONFIG')
  let json: unknown
  try {
    json = JSON.parse(rawConfig)
  } catch (cause) {
    throw invalid('the relayer config is not valid JSON', cause)
  }
  const relayer = relayerConfigSchema.safeParse(json)
  if (!relayer.success) throw invalid(`relayer config: ${z.prettifyError(relayer.error)}`)
  const privateKey = options.signs ? readKey(env, readFile) : undefined
  const level = levelSchema.safeParse(env.RELAYMESH_LOG_LEVEL || undefined)
  if (!level.success) throw invalid('RELAYMESH_LOG_LEVEL must be one of trace, debug, info, warn, error, silent')
  const origins = env.RELAYMESH_ORIGINS ? env.RELAYMESH_ORIGINS.split(',').map((s) => Number(s.trim())) : undefined
  if (origins?.some((o) => !Number.isInteger(o) || !relayer.data.chains.some((c) => c.domain === o))) {
    throw invalid('RELAYMESH_ORIGINS must list configured chain domains')
  }
  return {
    relayer: withJaegerUrl(relayer.data, env.RELAYMESH_JAEGER_URL),
    adminToken: readAdminToken(env, readFile),
    privateKey,
    logLevel: level.data,
    telemetryEnv: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_'))),
    subjectRoot: env.RELAYMESH_SUBJECT_ROOT || undefined,
    streamPrefix: env.RELAYMESH_STREAM_PREFIX || undefined,
    origins,
    exitWithParent: readExitWithParent(env.RELAYMESH_EXIT_WITH_PARENT),
    healthPort: readHealthPort(env.RELAYMESH_HEALTH_PORT),
    natsAuth: readNatsAuth(relayer.data, readFile),
  }
}

function readExitWithParent(value: string | undefined): ServiceConfig['exitWithParent'] {
  if (!value) return undefined
  if (value === '1') return 'parent-at-start'
  const pid = Number(value)
  if (!Number.isSafeInteger(pid) || pid < 2) {
    throw invalid("RELAYMESH_EXIT_WITH_PARENT must be the parent's pid (or 1: the parent at start)")
  }
  return pid
}

/** The NATS credential the config names, read from its (mounted) file; TLS files are opened by the NATS transport. */
function readNatsAuth(relayer: RelayerConfig, readFile: (path: string) => string): BusAuth | undefined {
  const nats = relayer.nats
  if (!nats) return undefined
  const read = (what: string, path: string) => {
    try {
      return readFile(path).trim()
    } catch (cause) {
      throw invalid(`nats.${what}: cannot read ${path}`, cause)
    }
  }
  const bytes = (text: string) => new TextEncoder().encode(text)
  return {
    creds: nats.credsFile ? bytes(read('credsFile', nats.credsFile)) : undefined,
    nkeySeed: nats.nkeySeedFile ? bytes(read('nkeySeedFile', nats.nkeySeedFile)) : undefined,
    token: nats.tokenFile ? read('tokenFile', nats.tokenFile) : undefined,
    tls: nats.tls,
  }
}

/**
 * `RELAYMESH_JAEGER_URL` (the chart sets it on every pod) links the explorer's messages to Jaeger unless the config
 * names a URL itself.
 */
function withJaegerUrl(relayer: RelayerConfig, jaegerUrl: string | undefined): RelayerConfig {
  const { explorer } = relayer.api
  if (!jaegerUrl || explorer === false || explorer?.jaegerUrl) return relayer
  if (!z.url({ protocol: /^https?$/ }).safeParse(jaegerUrl).success)
    throw invalid('RELAYMESH_JAEGER_URL must be an http(s) URL')
  return { ...relayer, api: { ...relayer.api, explorer: { ...explorer, jaegerUrl } } }
}

function readKey(env: Record<string, string | undefined>, readFile: (path: string) => string): `0x${string}` {
  const rawKey = env.RELAYMESH_RELAYER_KEY_FILE ? readFile(env.RELAYMESH_RELAYER_KEY_FILE) : env.RELAYMESH_RELAYER_KEY
  const key = keySchema.safeParse(rawKey ?? '')
  if (!key.success)
    throw invalid('RELAYMESH_RELAYER_KEY_FILE or RELAYMESH_RELAYER_KEY must hold a 32-byte 0x-prefixed private key')
  return key.data as `0x${string}` // reason: regex-checked
}

function readAdminToken(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): string | undefined {
  const raw = env.RELAYMESH_ADMIN_TOKEN_FILE ? readFile(env.RELAYMESH_ADMIN_TOKEN_FILE) : env.RELAYMESH_ADMIN_TOKEN
  if (raw === undefined || raw === '') return undefined
  const token = adminTokenSchema.safeParse(raw)
  // The message names the rule, never the value.
  if (!token.success)
    throw invalid(`RELAYMESH_ADMIN_TOKEN_FILE or RELAYMESH_ADMIN_TOKEN: ${token.error.issues[0]?.message ?? 'invalid'}`)
  return token.data
}

function readHealthPort(raw: string | undefined): number | undefined {
  if (!raw) return undefined
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw invalid('RELAYMESH_HEALTH_PORT must be a TCP port number')
  return port
}

function invalid(message: string, cause?: unknown): RelayerError {
  return new RelayerError(`Invalid configuration: ${message}`, { code: 'CONFIG_INVALID', action: 'fatal', cause })
}
