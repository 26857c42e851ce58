// npm run bench:pipeline [-- --blocks 100 --per-block 1000 --per-receipt 1 --threads 2 --batch 1000 --overlapped-only --rate 50000]
// Synthetic source blocks with real receipt proofs (headers commit to their receipts tries) pushed
// through the real JetStream, the verifier service (worker pool, bulk Postgres) and batch sealing.
// Finality is stubbed as final (no chain here): this measures build, verify, batch and persist.
//
// Each stage is first measured alone (so the bound is visible), then the pipeline runs end to end twice: in
// sequence (verify everything, then batch everything), and overlapped as the services run it (the watcher
// publishing while the verifier threads verify and store while the batcher seals), on a database and streams
// of its own. `--overlapped-only` skips the rest (a quick check, or a CPU profile of just that); `--rate` offers a
// steady load instead of a burst. Before each run's clock starts, the verifier verifies and stores warm-up bundles
// to another destination, so the figures are those of a running verifier, not of its threads loading. Figures are wall-clock messages/s and CPU
// milliseconds per 1,000 messages (all threads of this process; Postgres and NATS run elsewhere),
// the second being the steadier one on a shared machine.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { consume, ensureConsumer, publish } from '@relaymesh/bus'
import { createMerkleTree } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { assignBatch, countMessagesByState, createDb, listUnbatchedMessages, migrate } from '@relaymesh/store'
import { pad, toHex } from 'viem'
import { encodedBundleCodec, incomingBundleCodec } from '../src/bundle/bundleCodec.js'
import { checkBundleWire } from '../src/bundle/decodeBundleWire.js'
import { bundleMsgId } from '../src/bundle/bundleMsgId.js'
import { createRelayerContext, type RelayerContext } from '../src/context/createRelayerContext.js'
import { relayerConfigSchema } from '../src/config/relayerConfigSchema.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace } from '../src/testing/testInfra.js'
import { syntheticBlock, syntheticMessages, type SyntheticBlock } from '../src/testing/syntheticBlock.js'
import { createVerifierPool } from '../src/verifier/createVerifierPool.js'
import { persistVerification } from '../src/verifier/persistVerification.js'
import { toVerifiedBundle } from '../src/verifier/toVerifiedBundle.js'
import { startVerifier } from '../src/verifier/startVerifier.js'
import type { VerifyBundleReturnType } from '../src/verifier/verifyBundle.js'
import { buildBlockBundleWires, type BlockBundleWire } from '../src/watcher/buildBlockBundleWires.js'

const { values } = parseArgs({
  options: {
    blocks: { type: 'string' },
    'per-block': { type: 'string' },
    'per-receipt': { type: 'string' },
    threads: { type: 'string' },
    batch: { type: 'string' },
    'overlapped-only': { type: 'boolean' },
    rate: { type: 'string' },
  },
})
const blocks = Number(values.blocks ?? 100)
const perBlock = Number(values['per-block'] ?? 1000)
const perReceipt = Number(values['per-receipt'] ?? 1)
const threads = Number(values.threads ?? 2)
const batchSize = Number(values.batch ?? 1000)
/** Offered load of the overlapped run in messages/s (the watcher's pace); 0 publishes as fast as JetStream takes it. */
const offeredRate = Number(values.rate ?? 0)
const total = blocks * perBlock
const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356
/** The warm-up bundles' destination: verified and stored before the clock starts, never batched nor counted. */
const warmDestination = 31357
const verifyOpts = { outbox, destinations: [destination], maxPayloadBytes: 65_536 }

type Stage = { wallMs: number; cpuMs: number }

function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function timed<T>(fn: () => Promise<T> | T): Promise<Stage & { value: T }> {
  const [wall, cpu] = [performance.now(), cpuMs()]
  const value = await fn()
  return { value, wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu }
}

function report(name: string, s: Stage, note = ''): void {
  const rate = Math.round((total * 1000) / s.wallMs).toLocaleString('en-US')
  const cpu = ((s.cpuMs * 1000) / total).toFixed(0)
  console.log(
    `  ${name.padEnd(44)} ${s.wallMs.toFixed(0).padStart(7)} ms ${rate.padStart(9)} msg/s ${cpu.padStart(6)} CPU ms/1k msgs  ${note}`,
  )
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T) // reason: i < length
      }
    }),
  )
  return out
}

/** `count` blocks to `to`, numbered (and their nonces) from block `first`. */
function generate(count: number, to: number, first: number): SyntheticBlock[] {
  const out: SyntheticBlock[] = []
  let parent = pad(toHex(first + 1))
  for (let b = first; b < first + count; b++) {
    const { receipts } = syntheticMessages({
      origin,
      destination: to,
      outbox,
      count: perBlock,
      perReceipt,
      firstNonce: BigInt(b * perBlock),
    })
    const block = syntheticBlock(receipts, BigInt(b + 1), parent, (h) => hashBlockHeader(h))
    parent = block.block.hash
    out.push(block)
  }
  return out
}

/** Stage alone: verify every part in the worker pool (no NATS, no Postgres). */
async function verifyAlone(wires: BlockBundleWire[]): Promise<Stage & { value: VerifyBundleReturnType[] }> {
  const pool = createVerifierPool({ threads })
  // Warm the workers (tsx load, WASM compile, and the JIT: one bundle left them cold for most of a short run, as a
  // long-running verifier never is).
  await Promise.all(wires.slice(0, 8 * threads).map((w) => pool.verifyEvm({ wire: w.bytes, ...verifyOpts })))
  try {
    return await timed(() =>
      Promise.all(
        wires.map(async (w) => {
          const outcome = await pool.verifyEvm({ wire: w.bytes, ...verifyOpts })
          if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`)
          return outcome.result
        }),
      ),
    )
  } finally {
    await pool.close()
  }
}

/** Stage alone: store every verified part (8 statements in flight, the context's pool size) into a database of its own. */
async function persistAlone(url: string, wires: BlockBundleWire[], results: VerifyBundleReturnType[]): Promise<Stage> {
  const store = createDb({ connectionString: url, max: 8 })
  await migrate(store.db)
  try {
    return await timed(() =>
      pooled(
        results.map((result, i) => ({ result, wire: wires[i] as BlockBundleWire })),
        8,
        ({ result, wire }) =>
          persistVerification(store.db, {
            bundle: toVerifiedBundle(checkBundleWire(wire.bytes), result, 'confirmations'),
            firstDelivery: true,
          }),
      ),
    )
  } finally {
    await store.close()
  }
}

/** Stage alone: pull every part from JetStream, decode (structure check, head) and ack, on a durable of its own. */
async function consumeAlone(ctx: RelayerContext, parts: number): Promise<Stage> {
  const spec = { ...ctx.catalogue.consumers.verifier, durable: 'bench_drain' }
  await ensureConsumer(ctx.bus.jsm, ctx.catalogue.streams.bundles.name, spec)
  const stop = new AbortController()
  let seen = 0
  return timed(() =>
    consume(ctx.bus, {
      stream: ctx.catalogue.streams.bundles.name,
      consumer: spec.durable,
      codec: incomingBundleCodec,
      batch: 64,
      expires: 1_000,
      deadLetterSubject: ctx.catalogue.subjects.deadLetter('bench'),
      signal: stop.signal,
      handler: async (messages) => {
        seen += messages.length
        if (seen >= parts) stop.abort()
      },
    }),
  )
}

/** Publishes every part, 16 in flight; with `rate` (messages/s) a part waits for its turn, as a watcher publishes blocks as they come. */
async function publishAll(ctx: RelayerContext, wires: BlockBundleWire[], rate = 0): Promise<void> {
  const subject = ctx.catalogue.subjects.bundles(String(origin))
  const start = performance.now()
  let offered = 0
  await pooled(wires, 16, async (w) => {
    const due = start + (offered * 1000) / rate
    offered += w.messageCount
    if (rate > 0 && due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()))
    // The watcher stamps observedAt as it builds a part; the bench stamps it at publish, so latency counts from here.
    new DataView(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength).setFloat64(81, Date.now())
    return publish(ctx.bus, subject, w.bytes, {
      codec: encodedBundleCodec,
      msgId: bundleMsgId({ origin, blockHash: w.blockHash, part: w.part }),
    })
  })
}

/**
 * The proposer's sealing step without the co-signing round: a full batch as soon as one is queued (queue, Merkle
 * root, assign), and what is left once `stored()` says every message is in. The service waits on a verified
 * wake-up or `batch.maxAgeMs` between steps; a 20 ms poll stands in for both here.
 */
async function sealBatches(ctx: RelayerContext, stored: () => Promise<boolean>): Promise<bigint> {
  let index = 0n
  let previous = pad('0x00')
  let drained = false
  for (;;) {
    const ids = await listUnbatchedMessages(ctx.db, { destination, limit: batchSize })
    if (ids.length === batchSize || (drained && ids.length > 0)) {
      const tree = createMerkleTree(ids)
      await assignBatch(ctx.db, {
        destination,
        batchIndex: index,
        batchHash: tree.rootBytes,
        root: tree.rootBytes,
        previousBatchHash: Buffer.from(previous.slice(2), 'hex'),
        proposer: new Uint8Array(20),
        ids,
      })
      previous = tree.root
      index++
    } else if (drained) {
      return index
    } else {
      drained = await stored()
      if (!drained) await new Promise((r) => setTimeout(r, 20))
    }
  }
}

/** Whether every message reached `verified` (or further) or `rejected`. */
async function allStored(ctx: RelayerContext): Promise<boolean> {
  const counts = await countMessagesByState(ctx.db, { destination })
  return counts.verified + counts.batched + counts.rejected >= total
}

async function waitVerified(ctx: RelayerContext): Promise<void> {
  while (!(await allStored(ctx))) await new Promise((r) => setTimeout(r, 50))
}

/**
 * Starts the verifier service and waits until it has verified and stored the warm-up bundles: its threads are
 * loaded and their JIT warm when the clock starts, as in a verifier that has been running.
 */
async function startWarmVerifier(ctx: RelayerContext, warm: BlockBundleWire[]): Promise<{ stop(): Promise<void> }> {
  const stop = new AbortController()
  const verifier = startVerifier(ctx, {
    signal: stop.signal,
    threads,
    finality: { check: async () => ({ status: 'final', verification: 'confirmations' }) },
  })
  await publishAll(ctx, warm)
  const expected = warm.reduce((n, w) => n + w.messageCount, 0)
  while ((await countMessagesByState(ctx.db, { destination: warmDestination })).verified < expected)
    await new Promise((r) => setTimeout(r, 50))
  return { stop: () => (stop.abort(), verifier.done) }
}

/** p50 and p99 from the watcher's stamp (`observed_at`, set at publish here) to `hop`, over every stored message. */
async function reportLatency(ctx: RelayerContext, hop: 'verified' | 'batched'): Promise<void> {
  const lat = await ctx.db.$client
    .query(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
    FROM (SELECT extract(epoch FROM ${hop}_at - observed_at) * 1000 AS ms FROM messages WHERE destination = ${destination} AND ${hop}_at IS NOT NULL) x`)
  const row = lat.rows[0] as { p50: number; p99: number }
  console.log(
    `  latency publish -> ${hop === 'verified' ? 'verified in Postgres' : 'batched'}: p50 ${Math.round(row.p50)} ms, p99 ${Math.round(row.p99)} ms`,
  )
}

async function sequential(ctx: RelayerContext, wires: BlockBundleWire[], warm: BlockBundleWire[]): Promise<void> {
  const verifier = await startWarmVerifier(ctx, warm)
  const [wall, cpu] = [performance.now(), cpuMs()]
  const published = await timed(() => publishAll(ctx, wires))
  report('publish to JetStream (verifier consuming)', published, `(${wires.length} NATS messages)`)
  await waitVerified(ctx)
  const verified = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu }
  report('pipeline: publish -> verified in Postgres', verified, '(consume, pool, insert, spans)')
  await verifier.stop()
  const batched = await timed(() => sealBatches(ctx, async () => true))
  report('batch (queue, Merkle root, assign)', batched, `(${batched.value} batches)`)
  report('in sequence: publish -> verified, then batch', {
    wallMs: verified.wallMs + batched.wallMs,
    cpuMs: verified.cpuMs + batched.cpuMs,
  })
  await reportLatency(ctx, 'verified')
}

/** End to end as the services run: publishing, verifying and storing, and sealing all at once. */
async function overlapped(
  ctx: RelayerContext,
  wires: BlockBundleWire[],
  warm: BlockBundleWire[],
  rss: RssSampler,
): Promise<void> {
  const verifier = await startWarmVerifier(ctx, warm)
  rss.mark()
  const run = await timed(async () => {
    const sealing = sealBatches(ctx, () => allStored(ctx))
    await publishAll(ctx, wires, offeredRate)
    return sealing
  })
  await verifier.stop()
  // Totals before figures: every message stored once and in a batch (assignBatch refuses a message twice).
  const counts = await countMessagesByState(ctx.db, { destination })
  if (counts.batched !== total)
    throw new Error(`overlapped run: ${counts.batched} of ${total} messages batched (${JSON.stringify(counts)})`)
  const offered =
    offeredRate > 0 ? `offered ${offeredRate.toLocaleString('en-US')} msg/s` : 'published as fast as JetStream takes it'
  report(
    'OVERLAPPED end to end: publish -> batched',
    run,
    `(${run.value} batches; watcher, verifier and batcher at once; ${offered})`,
  )
  await reportLatency(ctx, 'verified')
  await reportLatency(ctx, 'batched')
  console.log(`  peak memory during the overlapped run: ${Math.round(rss.stagePeak() / 2 ** 20)} MiB`)
}

type RssSampler = { peak(): number; stagePeak(): number; mark(): void; stop(): void }

/** Resident memory of this process (main and worker threads), sampled every 50 ms; `mark()` starts a stage's own peak. */
function sampleRss(): RssSampler {
  let peak = process.memoryUsage().rss
  let stage = peak
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss
    peak = Math.max(peak, rss)
    stage = Math.max(stage, rss)
  }, 50)
  return {
    peak: () => peak,
    stagePeak: () => stage,
    mark: () => (stage = process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  }
}

/** A relayer context (verifier service's dependencies) on its own database and NATS namespace, closed after `fn`. */
async function withRelayer(databaseUrl: string, fn: (ctx: RelayerContext) => Promise<void>): Promise<void> {
  const ns = testBusNamespace()
  const config = relayerConfigSchema.parse({
    relayerId: 'bench',
    databaseUrl,
    natsUrl: TEST_NATS_URL,
    threshold: 1,
    proposers: {},
    relayers: {},
    verifierThreads: threads,
    batch: { maxMessages: batchSize },
    chains: [origin, destination, warmDestination].map((domain) => ({
      domain,
      name: `c${domain}`,
      rpcUrl: 'http://127.0.0.1:1',
      outbox,
      inbox: outbox,
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
    ctx.db.$client.on('error', () => {}) // the database is dropped WITH (FORCE) at the end; an idle connection may see it first
    await fn(ctx)
  } finally {
    await ctx?.close()
    await ns.cleanup()
  }
}

const buildWires = (synthetic: SyntheticBlock[]) =>
  synthetic.flatMap(({ block, receipts }) =>
    buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 800_000, now: Date.now() }),
  )

async function stagesAlone(wires: BlockBundleWire[], persistUrl: string): Promise<void> {
  const verified = await verifyAlone(wires)
  report(`verify alone (pool, ${threads} threads)`, verified)
  report('persist alone (insertBundle, 8 in flight)', await persistAlone(persistUrl, wires, verified.value))
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

async function main(): Promise<void> {
  console.log(
    `bench:pipeline: ${blocks} blocks x ${perBlock} messages (${perReceipt} per receipt), ${threads} verifier threads, batches of ${batchSize}, ${total.toLocaleString('en-US')} messages; load average ${load()}`,
  )
  const rss = sampleRss()
  const input = await timed(() => generate(blocks, destination, 0))
  console.log(`  (synthetic receipts and blocks, bench only: ${input.wallMs.toFixed(0)} ms)`)
  const built = await timed(() => buildWires(input.value))
  input.value.length = 0
  const wires = built.value
  const warm = buildWires(generate(4 * threads, warmDestination, blocks))
  report(
    'watcher build (trie, proofs, binary parts)',
    built,
    `(${wires.length} parts, ${(wires.reduce((n, w) => n + w.bytes.length, 0) / 2 ** 20).toFixed(1)} MiB)`,
  )
  const dbs = await createTestDatabases(['sequential', 'persist', 'overlapped'])
  try {
    if (!values['overlapped-only']) {
      await stagesAlone(wires, dbs.url('persist'))
      await withRelayer(dbs.url('sequential'), async (ctx) => {
        await sequential(ctx, wires, warm)
        report('consume + decode alone (pull, check, ack)', await consumeAlone(ctx, warm.length + wires.length))
      })
    }
    await withRelayer(dbs.url('overlapped'), (ctx) => overlapped(ctx, wires, warm, rss))
    console.log(
      `  peak memory (one process: main + ${threads} worker threads): ${Math.round(rss.peak() / 2 ** 20)} MiB; load average after ${load()}`,
    )
  } finally {
    rss.stop()
    await dbs.drop()
  }
}

await main()
