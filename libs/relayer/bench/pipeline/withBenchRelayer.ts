import { pad } from 'viem'
import { createRelayerContext, type RelayerContext } from '../../src/context/createRelayerContext.js'
import { relayerConfigSchema } from '../../src/config/relayerConfigSchema.js'
import { TEST_NATS_URL, testBusNamespace } from '../../src/testing/testInfra.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'

/** A relayer context (verifier service's dependencies) on its own database and NATS namespace, closed after `fn`. */
export async function withBenchRelayer(
  o: PipelineBenchOptions,
  databaseUrl: string,
  fn: (ctx: RelayerContext) => Promise<void>,
): Promise<void> {
  const ns = testBusNamespace()
  const config = relayerConfigSchema.parse({
    relayerId: 'bench',
    databaseUrl,
    natsUrl: TEST_NATS_URL,
    threshold: 1,
    proposers: {},
    relayers: {},
    verifierThreads: o.threads,
    batch: { maxMessages: o.batchSize, maxAgeMs: o.maxAgeMs },
    chains: [o.origin, o.destination, o.warmDestination].map((domain) => ({
      domain,
      name: `c${domain}`,
      rpcUrl: 'http://127.0.0.1:1',
      outbox: o.outbox,
      inbox: o.outbox,
    })),
  })
  let ctx: RelayerContext | undefined
  try {
    ctx = await createRelayerContext({
      config,
      privateKey: pad('0x01'),
      serviceName: 'bench',
      telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
      logLevel: 'warn',
      subjectRoot: ns.subjectRoot,
      streamPrefix: ns.streamPrefix,
    })
    // the database is dropped WITH (FORCE) at the end; an idle connection may see it first
    ctx.db.$client.on('error', () => {})
    await fn(ctx)
  } finally {
    await ctx?.close()
    await ns.cleanup()
  }
}
