import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import type { BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import { assertBatchedOnce } from './assertBatchedOnce.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'
import { publishAll } from './publishAll.js'
import { reportLatency } from './reportLatency.js'
import { reportStage } from './reportStage.js'
import type { RssSampler } from './sampleRss.js'
import { sealAsVerified } from './sealAsVerified.js'
import { startWarmVerifier } from './startWarmVerifier.js'
import { timed, type Stage } from './timed.js'

/**
 * End to end as the services run: the watcher publishing (at `offeredRate`, or as fast as JetStream takes it) while
 * the verifier service verifies and stores and the batcher seals what is verified as it arrives, all at once. The
 * clock runs from the first publish to the last message batched. Asserts every message ended in exactly one batch
 * before printing msgs/s, CPU ms per 1,000 messages, p50/p99 publish -> verified and -> batched, and peak RSS.
 */
export async function runOverlapped(
  o: PipelineBenchOptions,
  ctx: RelayerContext,
  wires: BlockBundleWire[],
  warm: BlockBundleWire[],
  rss: RssSampler,
): Promise<void> {
  const route = { destination: o.destination, total: o.total }
  const verifier = await startWarmVerifier(o, ctx, warm)
  let peak: number
  let run: Stage & { value: bigint }
  try {
    rss.mark()
    run = await timed(async () => {
      const [batches] = await Promise.all([
        sealAsVerified(ctx, { ...route, batch: ctx.config.batch }),
        publishAll(ctx, o.origin, wires, o.offeredRate),
      ])
      return batches
    })
    peak = rss.stagePeak()
  } finally {
    await verifier.stop()
  }
  // Totals before figures.
  const tally = await assertBatchedOnce(ctx, 'overlapped run', route)
  const offered =
    o.offeredRate > 0
      ? `offered ${o.offeredRate.toLocaleString('en-US')} msg/s`
      : 'published as fast as JetStream takes it'
  reportStage(
    o.total,
    'OVERLAPPED end to end: publish -> batched',
    run,
    `(${run.value} batches; watcher, verifier and batcher at once; ${offered}; ` +
      `short batches seal at ${ctx.config.batch.maxAgeMs} ms)`,
  )
  await reportLatency(ctx, o.destination, 'verified')
  await reportLatency(ctx, o.destination, 'batched')
  console.log(`  peak memory during the overlapped run: ${Math.round(peak / 2 ** 20)} MiB`)
  console.log(`  checked from the rows: ${tally.batched.toLocaleString('en-US')} messages, each in exactly one batch`)
}
