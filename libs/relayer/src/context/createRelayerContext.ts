import {
  connectBus,
  createBusCatalogue,
  ensureStreams,
  retryBusSetup,
  type Bus,
  type BusAuth,
  type BusCatalogue,
} from '@relaymesh/bus'
import { createDb, migrate, waitForDatabase, type StoreDb } from '@relaymesh/store'
import { createLogger, createTelemetry, type Logger, type Telemetry, type TelemetryEnv } from '@relaymesh/telemetry'
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
  type Transport,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { addressOnlyAccount } from './addressOnlyAccount.js'
import type { EvmChainConfig, RelayerConfig } from '../config/relayerConfigSchema.js'
import { createRpcFetch } from './createRpcFetch.js'
import { createChainTransport } from './createChainTransport.js'
import { setUpConsumer } from './setUpConsumer.js'

export type RelayerChain = {
  config: EvmChainConfig
  chain: Chain
  client: PublicClient<Transport, Chain>
  wallet: WalletClient<Transport, Chain, LocalAccount>
  /** Each configured RPC URL on its own (no failover), in order: to read a block again from another node when one lies. */
  endpoints: PublicClient<Transport, Chain>[]
}

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

/** Connects Postgres (and applies migrations), NATS (streams and consumers, idempotently), tracing and the chains. */
export async function createRelayerContext(p: CreateRelayerContextParameters): Promise<RelayerContext> {
  const { config } = p
  const logger = createLogger({ name: p.serviceName, level: p.logLevel ?? 'info', base: { relayer: config.relayerId } })
  const telemetry = createTelemetry({ serviceName: p.serviceName, relayerId: config.relayerId, env: p.telemetryEnv })
  // An idle pooled connection dropped by the server (restart, failover) is replaced by the pool on next use: log, don't crash.
  const store = createDb({
    connectionString: config.databaseUrl,
    max: 8,
    applicationName: `relaymesh-${p.serviceName}-${config.relayerId}`,
    onIdleError: (error) => logger.warn({ err: error }, 'idle Postgres connection lost'),
  })
  // Pods start in any order and Postgres restarts or fails over: wait for it (60 s) instead of exiting at once.
  try {
    await waitForDatabase(store.pool, {
      signal: p.signal,
      onRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for Postgres'),
    })
  } catch (error) {
    await store.close()
    await telemetry.shutdown()
    throw error
  }
  await migrate(store.db)
  const bus = await connectBus({
    servers: config.natsUrl,
    name: `${p.serviceName}-${config.relayerId}`,
    auth: p.natsAuth,
    onConnectRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for NATS'),
  })
  const catalogue = createBusCatalogue({
    relayerId: config.relayerId,
    subjectRoot: p.subjectRoot,
    streamPrefix: p.streamPrefix,
    replicas: config.nats?.replicas,
  })
  // NATS restarting when the process starts (or JetStream still recovering its store) is waited for, like Postgres.
  await retryBusSetup(() => ensureStreams(bus.jsm, catalogue.streams.all), {
    signal: p.signal,
    onRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for JetStream'),
  })
  for (const [name, spec] of Object.entries(catalogue.consumers)) {
    const stream =
      name === 'proposals' || name === 'signatures' ? catalogue.streams.mesh.name : catalogue.streams.bundles.name
    await setUpConsumer({ bus, logger }, { stream, spec, signal: p.signal })
  }
  const account = p.privateKey ? privateKeyToAccount(p.privateKey) : addressOnlyAccount(config)
  const chains = new Map<number, RelayerChain>()
  const fetchFn = createRpcFetch()
  for (const chainConfig of config.chains) {
    const chain = defineChain({
      id: chainConfig.domain,
      name: chainConfig.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chainConfig.rpcUrl, ...chainConfig.fallbackRpcUrls] } },
    })
    const transport = createChainTransport({
      rpcUrl: chainConfig.rpcUrl,
      fallbackRpcUrls: chainConfig.fallbackRpcUrls,
      // reason: viem reads only what RpcResponse has
      fetchFn: fetchFn as typeof fetch,
    })
    chains.set(chainConfig.domain, {
      config: chainConfig,
      chain,
      client: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 }),
      endpoints: [chainConfig.rpcUrl, ...chainConfig.fallbackRpcUrls].map((rpcUrl) =>
        createPublicClient({
          chain,
          // reason: as above
          transport: createChainTransport({ rpcUrl, fallbackRpcUrls: [], fetchFn: fetchFn as typeof fetch }),
          cacheTime: 0,
        }),
      ),
      wallet: createWalletClient({ chain, transport, account }),
    })
  }
  return {
    config,
    account,
    signs: p.privateKey !== undefined,
    db: store.db,
    bus,
    catalogue,
    telemetry,
    logger,
    chains,
    clock: { now: () => Date.now() },
    async close() {
      await bus.close()
      await telemetry.forceFlush()
      await telemetry.shutdown()
      await store.close()
    },
  }
}
