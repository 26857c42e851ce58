// The trace keeper acknowledges a bundle only after the roots of its stored messages left: a keeper
// killed between storing and exporting is thus answered by a redelivery, which exports them (keptRootIds.int).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { publish } from '@relaymesh/bus'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { pad, toHex } from 'viem'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { bundleMsgId } from '../bundle/bundleMsgId.js'
import { relayerConfigSchema } from '../config/relayerConfigSchema.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { buildBlockBundleWires } from '../watcher/buildBlockBundleWires.js'
import { startVerifier } from './startVerifier.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356

describe('the trace keeper acknowledges a bundle after its roots left', () => {
  let ctx: RelayerContext
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let receiver: OtlpReceiver
  let verifier: { done: Promise<void> }
  const ns = testBusNamespace()
  const stop = new AbortController()
  /** The root exports the test holds: each flush of the keeper's roots waits here until released. */
  const held: (() => void)[] = []

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    receiver = await startOtlpReceiver()
    const config = relayerConfigSchema.parse({
      relayerId: 'r1',
      databaseUrl: dbs.url('r1'),
      natsUrl: TEST_NATS_URL,
      threshold: 1,
      proposers: {},
      relayers: { r1: pad('0x01', { size: 20 }) },
      chains: [origin, destination].map((domain) => ({
        domain,
        name: `c${domain}`,
        rpcUrl: 'http://127.0.0.1:1',
        outbox,
        inbox: outbox,
      })),
    })
    ctx = await createRelayerContext({
      config,
      privateKey: pad('0x01'),
      serviceName: 'test',
      logLevel: 'silent',
      subjectRoot: ns.subjectRoot,
      streamPrefix: ns.streamPrefix,
      telemetryEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
    })
    const flushRoots = ctx.telemetry.flushRoots
    ctx.telemetry.flushRoots = () => new Promise<void>((resolve) => held.push(resolve)).then(flushRoots)
    verifier = startVerifier(ctx, {
      signal: stop.signal,
      finality: { check: async () => ({ status: 'final', verification: 'confirmations' }) },
      threads: 0,
    })
  })
  after(async () => {
    stop.abort()
    for (const release of held) release()
    await verifier?.done
    await ctx?.close()
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
  })

  it('stored, the bundle stays unacknowledged while its roots are on their way, and is acknowledged once they left', async () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 3, firstNonce: 1n })
    const { block } = syntheticBlock(receipts, 10n, pad(toHex(10n)), (h) => hashBlockHeader(h))
    const [bundle] = buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 800_000, now: Date.now() })
    assert.ok(bundle)
    await publish(ctx.bus, ctx.catalogue.subjects.bundles(String(origin)), bundle.bytes, {
      codec: encodedBundleCodec,
      msgId: bundleMsgId(bundle),
    })
    const consumer = () =>
      ctx.bus.jsm.consumers.info(ctx.catalogue.streams.bundles.name, ctx.catalogue.consumers.verifier.durable)
    await waitUntil(
      async () =>
        (await ctx.db.$client.query('SELECT count(*)::int AS n FROM messages')).rows[0]?.n === ids.length
          ? true
          : undefined,
      'stored',
    )
    await waitUntil(async () => (held.length > 0 ? true : undefined), 'the keeper flushing its roots')
    assert.equal((await consumer()).num_ack_pending, 1, 'stored, not acknowledged: a kill now means a redelivery')
    for (const release of held.splice(0)) release()
    await waitUntil(async () => ((await consumer()).num_ack_pending === 0 ? true : undefined), 'acknowledged')
    const roots = await receiver.waitFor((s) => s.filter((x) => x.name === 'relaymesh.message').length >= ids.length)
    assert.deepEqual(
      roots
        .filter((x) => x.name === 'relaymesh.message')
        .map((x) => x.attributes['relaymesh.message.id'])
        .sort(),
      [...ids].sort(),
    )
  })
})
