// npm run bench:pipeline [-- --blocks 100 --per-block 1000 --per-receipt 1 --threads 2 --batch 1000 --max-age 500
//   --overlapped-only --rate 50000]
// Synthetic source blocks with real receipt proofs (headers commit to their receipts tries) pushed
// through the real JetStream, the verifier service (worker pool, bulk Postgres) and batch sealing.
// Finality is stubbed as final (no chain here): this measures build, verify, batch and persist.
//
// Each stage is first measured alone (so the bound is visible), then the pipeline runs end to end twice: in
// sequence (verify everything, then batch everything), and overlapped as the services run it (the watcher
// publishing while the verifier threads verify and store while the batcher seals what is verified as it arrives,
// deciding as the batcher service does: a full batch at once, a short one at `--max-age` ms, the service's
// batch.maxAgeMs), on a database and streams of its own. Each run asserts every message ended in exactly one batch
// before it prints. `--overlapped-only` skips the rest (a quick check, or a CPU profile of just that); `--rate`
// offers a steady load instead of a burst. Before each run's clock starts, the verifier verifies and stores warm-up
// bundles to another destination, so the figures are those of a running verifier, not of its threads loading.
// Figures are wall-clock messages/s and CPU milliseconds per 1,000 messages (all threads of this process; Postgres
// and NATS run elsewhere), the second being the steadier one on a shared machine. Its stages and helpers live beside
// it, in pipeline/.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { RelayerContext } from '../src/context/createRelayerContext.js'
import { createTestDatabases } from '../src/testing/testInfra.js'
import type { BlockBundleWire } from '../src/watcher/buildBlockBundleWires.js'
import { allStored } from './pipeline/allStored.js'
import { assertBatchedOnce } from './pipeline/assertBatchedOnce.js'
import { buildBenchWires } from './pipeline/buildBenchWires.js'
import { consumeAlone } from './pipeline/consumeAlone.js'
import { generateBlocks } from './pipeline/generateBlocks.js'
import { persistAlone } from './pipeline/persistAlone.js'
import type { PipelineBenchOptions } from './pipeline/PipelineBenchOptions.js'
import { publishAll } from './pipeline/publishAll.js'
import { runOverlapped } from './pipeline/runOverlapped.js'
import { reportLatency } from './pipeline/reportLatency.js'
import { reportStage } from './pipeline/reportStage.js'
import { sampleRss, type RssSampler } from './pipeline/sampleRss.js'
import { sealBatches } from './pipeline/sealBatches.js'
import { startWarmVerifier } from './pipeline/startWarmVerifier.js'
import { cpuMs, timed, type Stage } from './pipeline/timed.js'
import { verifyAlone } from './pipeline/verifyAlone.js'
import { withBenchRelayer } from './pipeline/withBenchRelayer.js'

const { values } = parseArgs({
  options: {
    blocks: { type: 'string' },
    'per-block': { type: 'string' },
    'per-receipt': { type: 'string' },
    threads: { type: 'string' },
    batch: { type: 'string' },
    'overlapped-only': { type: 'boolean' },
    rate: { type: 'string' },
    'max-age': { type: 'string' },
  },
})
const blocks = Number(values.blocks ?? 100)
const perBlock = Number(values['per-block'] ?? 1000)
const o: PipelineBenchOptions = {
  blocks,
  perBlock,
  perReceipt: Number(values['per-receipt'] ?? 1),
  threads: Number(values.threads ?? 2),
  batchSize: Number(values.batch ?? 1000),
  offeredRate: Number(values.rate ?? 0),
  maxAgeMs: Number(values['max-age'] ?? 500),
  total: blocks * perBlock,
  outbox: '0x00000000000000000000000000000000000000aa',
  origin: 31337,
  destination: 31356,
  warmDestination: 31357,
}
const { threads, total, destination } = o

const report = (name: string, s: Stage, note = '') => reportStage(total, name, s, note)

async function waitVerified(ctx: RelayerContext): Promise<void> {
  while (!(await allStored(ctx, destination, total))) await new Promise((r) => setTimeout(r, 50))
}

async function sequential(
  ctx: RelayerContext,
  wires: BlockBundleWire[],
  warm: BlockBundleWire[],
  rss: RssSampler,
): Promise<void> {
  const verifier = await startWarmVerifier(o, ctx, warm)
  rss.mark()
  const [wall, cpu] = [performance.now(), cpuMs()]
  const published = await timed(() => publishAll(ctx, o.origin, wires))
  report('publish to JetStream (verifier consuming)', published, `(${wires.length} NATS messages)`)
  await waitVerified(ctx)
  const verified = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu }
  report('pipeline: publish -> verified in Postgres', verified, '(consume, pool, insert, spans)')
  await verifier.stop()
  const batched = await timed(() => sealBatches(ctx, o, async () => true))
  report('batch (queue, Merkle root, assign)', batched, `(${batched.value} batches)`)
  const peak = rss.stagePeak()
  await assertBatchedOnce(ctx, 'sequential run', { destination, total })
  report(
    'SEQUENTIAL end to end: verify, then batch',
    { wallMs: verified.wallMs + batched.wallMs, cpuMs: verified.cpuMs + batched.cpuMs },
    '(the two lines above, one after the other)',
  )
  // Not publish -> batched: its clock sums the two stages, but batched_at also counts the verifier's stop between them.
  await reportLatency(ctx, destination, 'verified')
  console.log(`  peak memory during the sequential run: ${Math.round(peak / 2 ** 20)} MiB`)
}

async function stagesAlone(wires: BlockBundleWire[], persistUrl: string): Promise<void> {
  const verified = await verifyAlone(o, wires)
  report(`verify alone (pool, ${threads} threads)`, verified)
  report('persist alone (insertBundle, 8 in flight)', await persistAlone(persistUrl, wires, verified.value))
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

async function main(): Promise<void> {
  console.log(
    `bench:pipeline: ${blocks} blocks x ${perBlock} messages (${o.perReceipt} per receipt), ${threads} verifier ` +
      `threads, batches of ${o.batchSize}, ${total.toLocaleString('en-US')} messages; load average ${load()}`,
  )
  const rss = sampleRss()
  const input = await timed(() => generateBlocks(o, blocks, destination, 0))
  console.log(`  (synthetic receipts and blocks, bench only: ${input.wallMs.toFixed(0)} ms)`)
  const built = await timed(() => buildBenchWires(o, input.value))
  input.value.length = 0
  const wires = built.value
  const warm = buildBenchWires(o, generateBlocks(o, 4 * threads, o.warmDestination, blocks))
  report(
    'watcher build (trie, proofs, binary parts)',
    built,
    `(${wires.length} parts, ${(wires.reduce((n, w) => n + w.bytes.length, 0) / 2 ** 20).toFixed(1)} MiB)`,
  )
  const dbs = await createTestDatabases(['sequential', 'persist', 'overlapped'])
  try {
    if (!values['overlapped-only']) {
      await stagesAlone(wires, dbs.url('persist'))
      await withBenchRelayer(o, dbs.url('sequential'), async (ctx) => {
        await sequential(ctx, wires, warm, rss)
        report('consume + decode alone (pull, check, ack)', await consumeAlone(ctx, warm.length + wires.length))
      })
    }
    await withBenchRelayer(o, dbs.url('overlapped'), (ctx) => runOverlapped(o, ctx, wires, warm, rss))
    console.log(
      `  peak memory (one process: main + ${threads} worker threads): ${Math.round(rss.peak() / 2 ** 20)} MiB; ` +
        `load average after ${load()}`,
    )
  } finally {
    rss.stop()
    await dbs.drop()
  }
}

await main()
