import { httpSolanaRpc } from '@relaymesh/solana'
import { createDb, migrate } from '@relaymesh/store'
import { createLogger, createTelemetry } from '@relaymesh/telemetry'
import { rpcAttesterChain, startAttester, type AttesterServiceConfig } from '@relaymesh/relayer'

/**
 * Runs one Solana committee attester from its validated config until `signal` aborts: its database (migrated), the
 * Solana RPC as its `AttesterChain`, its OTLP trace export (the `OTEL_*` variables, as every relaymesh service) and
 * the service, then closes them. `main.ts` beside it reads the config and owns the signal.
 *
 * @example
 * await runAttesterService(config, { signal: stop.signal })
 */
export async function runAttesterService(config: AttesterServiceConfig, p: { signal: AbortSignal }): Promise<void> {
  const { attester } = config
  const logger = createLogger({
    name: 'relaymesh-attester',
    level: config.logLevel,
    base: { attester: attester.attesterId, signer: config.key.publicKey },
  })
  const telemetry = createTelemetry({
    serviceName: 'relaymesh-attester',
    relayerId: attester.attesterId,
    env: config.telemetryEnv,
  })
  // A Postgres restart drops the idle connections: the pool replaces them on next use (a request meanwhile answers
  // 503).
  const store = createDb({
    connectionString: attester.databaseUrl,
    max: 4,
    applicationName: `relaymesh-attester-${attester.attesterId}`,
    onIdleError: (error) => logger.warn({ err: error }, 'idle Postgres connection lost'),
  })
  try {
    await migrate(store.db)
    const request = httpSolanaRpc(attester.solana.rpcUrl)
    const { domain, feeAccount, minFee, slotsPerEpoch } = attester.solana
    const running = await startAttester({
      db: store.db,
      key: config.key,
      schedule: attester.committee.schedule,
      tokens: config.tokens,
      rateLimit: attester.rateLimit,
      host: attester.api.host,
      port: attester.api.port,
      logger,
      signal: p.signal,
      clock: { now: () => performance.now() },
      pollIntervalMs: attester.pollIntervalMs,
      keepSlots: attester.keepSlots,
      chain: rpcAttesterChain(request, { domain, feeAccount, minFee, slotsPerEpoch }),
      tracer: telemetry.tracer,
      tls: config.tls,
    })
    logger.info({ url: running.url }, 'relaymesh attester started')
    await running.done
  } finally {
    await store.close()
    // A collector that is gone loses the last spans; it does not make a clean stop fail.
    await telemetry.shutdown().catch((err: unknown) => logger.warn({ err }, 'could not flush the last spans'))
  }
}
