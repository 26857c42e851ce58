import { devKeyFromSeed } from '@relaymesh/solana'
import type { TelemetryEnv } from '@relaymesh/telemetry'
import { z } from 'zod'
import { RelayerError } from '../RelayerError.js'
import { committeeScheduleEntrySchema } from '../solana/solanaChainSchema.js'
import type { AttesterKey } from './attestSlotCommitment.js'
import type { AttesterTls } from './createAttesterServer.js'

/**
 * The attester's JSON config: its Solana source, the committee schedule every relayer shares, its database and port.
 */
export const attesterConfigSchema = z.object({
  attesterId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes'),
  /** Its own database (the record of what it signed); libpq-style sslmode as the relayers'. */
  databaseUrl: z.string().min(1),
  solana: z.object({
    domain: z.number().int().positive(),
    rpcUrl: z.string().url(),
    feeAccount: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 public key'),
    minFee: z.coerce.bigint().min(1n).default(5000n),
    slotsPerEpoch: z.number().int().positive().default(432_000),
  }),
  /** The same schedule as the relayers' `solana[].committee.schedule` (membership, stakes, rotation per epoch). */
  committee: z.object({ schedule: z.array(committeeScheduleEntrySchema).min(1) }),
  api: z
    .object({ host: z.string().default('0.0.0.0'), port: z.number().int().min(0).max(65_535).default(8090) })
    .default({ host: '0.0.0.0', port: 8090 }),
  rateLimit: z
    .object({ ratePerSecond: z.number().positive().default(20), burst: z.number().int().positive().default(200) })
    .default({ ratePerSecond: 20, burst: 200 }),
  pollIntervalMs: z.number().int().positive().default(400),
  keepSlots: z.number().int().positive().default(4096),
})

export type AttesterConfig = z.infer<typeof attesterConfigSchema>

export type AttesterServiceConfig = {
  attester: AttesterConfig
  /** Never logged. */
  key: AttesterKey
  /** The relayers' bearer tokens; never logged. */
  tokens: string[]
  /** HTTPS (and mTLS with a client CA) from the `RELAYMESH_ATTESTER_TLS_*` files; plain HTTP without. */
  tls?: AttesterTls | undefined
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'
  telemetryEnv: TelemetryEnv
}

function invalid(message: string, cause?: unknown): RelayerError {
  return new RelayerError(`Invalid attester configuration: ${message}`, {
    code: 'CONFIG_INVALID',
    action: 'fatal',
    cause,
  })
}

/** A Solana keypair file (JSON array of 64 bytes: seed then public key) or a 32-byte seed in hex. */
function parseKey(raw: string): AttesterKey {
  const text = raw.trim()
  let seed: Uint8Array | undefined
  if (/^\[[\d,\s]+\]$/.test(text)) {
    const bytes = JSON.parse(text) as number[] // reason: checked to be an array of integers
    if (bytes.length === 64 && bytes.every((b) => b >= 0 && b <= 255)) seed = Uint8Array.from(bytes.slice(0, 32))
  } else if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    seed = Uint8Array.from(Buffer.from(text.replace(/^0x/, ''), 'hex'))
  }
  // The message names the formats, never the value.
  if (!seed)
    throw invalid(
      'RELAYMESH_ATTESTER_KEY_FILE must hold a Solana keypair (JSON array of 64 bytes) or a 32-byte hex seed',
    )
  return devKeyFromSeed(seed)
}

function readTls(env: Record<string, string | undefined>, readFile: (path: string) => string): AttesterTls | undefined {
  const {
    RELAYMESH_ATTESTER_TLS_CERT_FILE: certFile,
    RELAYMESH_ATTESTER_TLS_KEY_FILE: keyFile,
    RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE: caFile,
  } = env
  if (!certFile !== !keyFile)
    throw invalid('RELAYMESH_ATTESTER_TLS_CERT_FILE and RELAYMESH_ATTESTER_TLS_KEY_FILE go together')
  if (!certFile || !keyFile) {
    if (caFile)
      throw invalid(
        'RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE needs RELAYMESH_ATTESTER_TLS_CERT_FILE and ' +
          'RELAYMESH_ATTESTER_TLS_KEY_FILE',
      )
    return undefined
  }
  const pem = (path: string, what: string) => {
    const text = readFile(path)
    if (!text.includes('-----BEGIN')) throw invalid(`${what} (${path}) is not PEM`)
    return text
  }
  return {
    cert: pem(certFile, 'the TLS certificate'),
    key: pem(keyFile, 'the TLS key'),
    clientCa: caFile ? pem(caFile, 'the client CA') : undefined,
  }
}

/**
 * Reads `relaymesh attester`'s configuration from its environment (passed in):
 * - `RELAYMESH_ATTESTER_CONFIG_FILE` or `RELAYMESH_ATTESTER_CONFIG`: the JSON config (`attesterConfigSchema`);
 * - `RELAYMESH_ATTESTER_KEY_FILE` (a mounted Secret): its ed25519 key, whose public key must sit on the schedule;
 * - `RELAYMESH_ATTESTER_TOKENS_FILE` (a mounted Secret): the relayers' bearer tokens, one per line (16+ characters);
 * - `RELAYMESH_ATTESTER_TLS_CERT_FILE` and `RELAYMESH_ATTESTER_TLS_KEY_FILE` (PEM, together): serve HTTPS; with
 *   `RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE` a signature request also needs a client certificate from that CA (mTLS);
 * - `RELAYMESH_LOG_LEVEL` and the `OTEL_*` variables.
 *
 * @throws RelayerError `CONFIG_INVALID` (fatal), naming what is wrong, never a key or token.
 */
export function loadAttesterConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): AttesterServiceConfig {
  const raw = env.RELAYMESH_ATTESTER_CONFIG_FILE
    ? readFile(env.RELAYMESH_ATTESTER_CONFIG_FILE)
    : env.RELAYMESH_ATTESTER_CONFIG
  if (!raw) throw invalid('set RELAYMESH_ATTESTER_CONFIG_FILE or RELAYMESH_ATTESTER_CONFIG')
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (cause) {
    throw invalid('the config is not valid JSON', cause)
  }
  const parsed = attesterConfigSchema.safeParse(json)
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error))
  if (!env.RELAYMESH_ATTESTER_KEY_FILE) throw invalid('set RELAYMESH_ATTESTER_KEY_FILE')
  const key = parseKey(readFile(env.RELAYMESH_ATTESTER_KEY_FILE))
  if (!parsed.data.committee.schedule.some((entry) => entry.members.some((m) => m.pubkey === key.publicKey))) {
    throw invalid(`the key's public key ${key.publicKey} is on no committee of the schedule`)
  }
  if (!env.RELAYMESH_ATTESTER_TOKENS_FILE)
    throw invalid("set RELAYMESH_ATTESTER_TOKENS_FILE (the relayers' bearer tokens, one per line)")
  const tokens = readFile(env.RELAYMESH_ATTESTER_TOKENS_FILE)
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean)
  if (tokens.length === 0 || tokens.some((t) => t.length < 16 || /\s/.test(t)))
    throw invalid('RELAYMESH_ATTESTER_TOKENS_FILE: one token per line, 16+ characters without spaces')
  const level = z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'silent'])
    .default('info')
    .safeParse(env.RELAYMESH_LOG_LEVEL || undefined)
  if (!level.success) throw invalid('RELAYMESH_LOG_LEVEL must be one of trace, debug, info, warn, error, silent')
  return {
    attester: parsed.data,
    key,
    tokens,
    logLevel: level.data,
    tls: readTls(env, readFile),
    telemetryEnv: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_'))),
  }
}
