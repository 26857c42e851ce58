// npm run bench:pipeline [-- --blocks 100 --per-block 1000 --per-receipt 1 --threads 2]
// Synthetic source blocks with real receipt proofs (headers commit to their receipts tries) pushed
// through the real JetStream, the verifier service (worker pool, bulk Postgres) and batch sealing.
// Finality is stubbed as final (no chain here): this measures verify, batch and persist.
import { parseArgs } from 'node:util'
import { publish } from '@relaymesh/bus'
import { createMerkleTree } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { assignBatch, countMessagesByState, listUnbatchedMessages } from '@relaymesh/store'
import { pad } from 'viem'
import { sourceBundleCodec } from '../src/bundle/bundleCodec.js'
import { bundleMsgId, type SourceBundle } from '../src/bundle/SourceBundle.js'
import { createRelayerContext } from '../src/context/createRelayerContext.js'
import { relayerConfigSchema } from '../src/config/relayerConfigSchema.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace } from '../src/testing/testInfra.js'
import { syntheticBlock, syntheticMessages } from '../src/testing/syntheticBlock.js'
import { startVerifier } from '../src/verifier/startVerifier.js'
import { buildBlockBundles } from '../src/watcher/buildBlockBundles.js'

const { values } = parseArgs({ options: { blocks: { type: 'string' }, 'per-block': { type: 'string' }, 'per-receipt': { type: 'string' }, threads: { type: 'string' } } })
const blocks = Number(values.blocks ?? 100)
const perBlock = Number(values['per-block'] ?? 1000)
const perReceipt = Number(values['per-receipt'] ?? 1)
const threads = Number(values.threads ?? 2)
const total = blocks * perBlock
const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356

function rate(n: number, ms: number): string {
  return `${Math.round((n * 1000) / ms).toLocaleString('en-US')}/s`
}

async function generate(): Promise<SourceBundle[]> {
  const bundles: SourceBundle[] = []
  let parent = pad('0x01')
  for (let b = 0; b < blocks; b++) {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: perBlock, perReceipt, firstNonce: BigInt(b * perBlock) })
    const { block } = syntheticBlock(receipts, BigInt(b + 1), parent, (h) => hashBlockHeader(h))
    parent = block.hash
    bundles.push(...buildBlockBundles({ origin, outbox, block, receipts, maxBytes: 800_000, now: 0 }))
  }
  return bundles
}

async function main(): Promise<void> {
  console.log(`bench:pipeline: ${blocks} blocks x ${perBlock} messages (${perReceipt} per receipt), ${threads} verifier threads, ${total.toLocaleString('en-US')} messages`)
  let t = performance.now()
  const bundles = await generate()
  console.log(`  generate (watcher side: receipts tries + proofs)  ${(performance.now() - t).toFixed(0)} ms  ${rate(total, performance.now() - t)}  (${bundles.length} NATS messages)`)
  const dbs = await createTestDatabases(['bench'])
  const ns = testBusNamespace()
  const config = relayerConfigSchema.parse({
    relayerId: 'bench', databaseUrl: dbs.url('bench'), natsUrl: TEST_NATS_URL, threshold: 1, proposers: {}, relayers: {}, verifierThreads: threads,
    chains: [origin, destination].map((domain) => ({ domain, name: `c${domain}`, rpcUrl: 'http://127.0.0.1:1', outbox, inbox: outbox })),
  })
  const ctx = await createRelayerContext({ config, privateKey: pad('0x01'), serviceName: 'bench', telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' }, logLevel: 'warn', subjectRoot: ns.subjectRoot, streamPrefix: ns.streamPrefix })
  const stop = new AbortController()
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
  try {
    const start = performance.now()
    t = start
    const subject = ctx.catalogue.subjects.bundles(String(origin))
    for (let i = 0; i < bundles.length; i += 16) {
      await Promise.all(bundles.slice(i, i + 16).map((bundle) => publish(ctx.bus, subject, { ...bundle, observedAt: Date.now() }, { codec: sourceBundleCodec, msgId: bundleMsgId(bundle) })))
    }
    const published = performance.now()
    console.log(`  publish to JetStream                               ${(published - t).toFixed(0)} ms  ${rate(total, published - t)}`)
    const verifier = startVerifier(ctx, { signal: stop.signal, threads, finality: { check: async () => ({ status: 'final', verification: 'confirmations' }) } })
    for (;;) {
      const counts = await countMessagesByState(ctx.db, {})
      if (counts.verified + counts.rejected >= total) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const verified = performance.now()
    console.log(`  verify + persist (consume, pool, Postgres)         ${(verified - start).toFixed(0)} ms  ${rate(total, verified - start)} (from first publish)`)
    t = performance.now()
    let index = 0n
    let previous = pad('0x00')
    for (;;) {
      const ids = await listUnbatchedMessages(ctx.db, { destination, limit: 1000 })
      if (ids.length === 0) break
      const tree = createMerkleTree(ids)
      await assignBatch(ctx.db, { destination, batchIndex: index, batchHash: tree.rootBytes, root: tree.rootBytes, previousBatchHash: Buffer.from(previous.slice(2), 'hex'), proposer: new Uint8Array(20), ids })
      previous = tree.root
      index++
    }
    const batched = performance.now()
    console.log(`  batch (queue, Merkle root, assign)                 ${(batched - t).toFixed(0)} ms  ${rate(total, batched - t)} (${index} batches)`)
    console.log(`  end to end (publish -> verified -> batched)        ${(batched - start).toFixed(0)} ms  ${rate(total, batched - start)}`)
    const lat = await ctx.db.$client.query(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
      FROM (SELECT extract(epoch FROM verified_at - observed_at) * 1000 AS ms FROM messages) x`)
    const row = lat.rows[0] as { p50: number; p99: number }
    console.log(`  latency publish -> verified in Postgres: p50 ${Math.round(row.p50)} ms, p99 ${Math.round(row.p99)} ms`)
    console.log(`  peak memory (one process: main + ${threads} worker threads): ${Math.round(peakRss / 2 ** 20)} MiB`)
    stop.abort()
    await verifier.done
  } finally {
    clearInterval(sampler)
    stop.abort()
    await ctx.close()
    await dbs.drop()
    await ns.cleanup()
  }
}

await main()
