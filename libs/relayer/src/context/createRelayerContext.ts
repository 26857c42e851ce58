import type { Bus, BusAuth, BusCatalogue } from '@relaymesh/bus'
import type { StoreDb } from '@relaymesh/store'
import { createLogger, createTelemetry, type Logger, type Telemetry, type TelemetryEnv } from '@relaymesh/telemetry'
import type { Hex, LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { addressOnlyAccount } from './addressOnlyAccount.js'
import { createRelayerChains, type RelayerChain } from './createRelayerChains.js'
import { openRelayerBus } from './openRelayerBus.js'
import { openRelayerStore } from './openRelayerStore.js'

export type { RelayerChain } from './createRelayerChains.js'

/** What every service of one relayer identity shares: built once by the service's composition root. */
export type RelayerContext = {
  config: RelayerConfig
  /**
   * The relayer's account. Only the signing services (batcher, settler) hold its key; elsewhere it is the
   * relayer's address from `config.relayers` and any signature refuses with `KEY_NOT_LOADED`.
   */
  account: LocalAccount
  /** Whether `account` holds the key. */
  signs: boolean
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  telemetry: Telemetry
  logger: Logger
  chains: Map<number, RelayerChain>
  clock: { now(): number }
  close(): Promise<void>
}

export type CreateRelayerContextParameters = {
  config: RelayerConfig
  /** The relayer's secp256k1 key, from a secret, for the services that sign (batcher, settler); never logged. */
  privateKey?: Hex | undefined
  serviceName: string
  /** `OTEL_*` variables, passed in by the service's config. */
  telemetryEnv: TelemetryEnv
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'
  /** NATS subject root; tests use a unique one. */
  subjectRoot?: string
  streamPrefix?: string
  /** NATS credentials and TLS (read by the service's config from mounted Secrets). */
  natsAuth?: BusAuth | undefined
  /** Aborting ends the wait for Postgres at start (the context is then not built). */
  signal?: AbortSignal | undefined
}

/**
 * Connects Postgres (and applies migrations), NATS (streams and consumers, idempotently), tracing and the chains:
 * what a service's composition root builds once and passes to the services it starts.
 *
 * @example
 * const ctx = await createRelayerContext({ config, serviceName: 'relaymesh-verifier', telemetryEnv, signal })
 */
export async function createRelayerContext(p: CreateRelayerContextParameters): Promise<RelayerContext> {
  const { config } = p
  const logger = createLogger({ name: p.serviceName, level: p.logLevel ?? 'info', base: { relayer: config.relayerId } })
  const telemetry = createTelemetry({ serviceName: p.serviceName, relayerId: config.relayerId, env: p.telemetryEnv })
  const store = await openRelayerStore(logger, {
    databaseUrl: config.databaseUrl,
    applicationName: `relaymesh-${p.serviceName}-${config.relayerId}`,
    signal: p.signal,
  }).catch(async (error: unknown) => {
    await telemetry.shutdown()
    throw error
  })
  const { bus, catalogue } = await openRelayerBus(logger, {
    config,
    connectionName: p.serviceName,
    subjectRoot: p.subjectRoot,
    streamPrefix: p.streamPrefix,
    auth: p.natsAuth,
    signal: p.signal,
  })
  const account = p.privateKey ? privateKeyToAccount(p.privateKey) : addressOnlyAccount(config)
  return {
    config,
    account,
    signs: p.privateKey !== undefined,
    db: store.db,
    bus,
    catalogue,
    telemetry,
    logger,
    chains: createRelayerChains(config.chains, account),
    clock: { now: () => Date.now() },
    async close() {
      await bus.close()
      await telemetry.forceFlush()
      await telemetry.shutdown()
      await store.close()
    },
  }
}
