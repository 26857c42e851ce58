import { countMessagesByState, getOldestUnbatchedAt, listUnbatchedMessages } from '@relaymesh/store'
import { decideSeal, type SealOptions } from '../../src/batcher/decideSeal.js'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import { assignBenchBatch, type BenchBatchSlot } from './assignBenchBatch.js'

export type SealAsVerifiedParameters = {
  destination: number
  /** Messages the run publishes: sealing stops once every one is batched (or rejected). */
  total: number
  /** The relayer's batch settings (`config.batch`). */
  batch: SealOptions
  /**
   * Nothing sealed and the queue unchanged this long (default `maxAgeMs` + 2 min): a message was lost, so the run
   * fails instead of hanging.
   */
  stallMs?: number
}

/**
 * The overlapped run's batcher: seals while the verifier is still storing, as the service's proposer step does. Each
 * step reads the queue (up to `batch.maxMessages`) and when its oldest message was verified, and the batcher's own
 * `decideSeal`, with the relayer's batch settings, says whether to seal: a full queue at once, a short one once its
 * oldest message is `batch.maxAgeMs` old. Without the co-signing round no batch is in flight and none is settling.
 * After a seal it steps again at once, as the service does; otherwise it waits the service's proposer interval,
 * `maxAgeMs / 4` (at least 20 ms). The service also steps on the verifier's wake-ups, but throttles them to one per
 * that interval, so its idle cadence is about the same (a 20 ms poll would read the queue six times as often as the
 * service, and charge that CPU to the run). Returns the batches sealed.
 */
export async function sealAsVerified(
  ctx: Pick<RelayerContext, 'db' | 'clock'>,
  parameters: SealAsVerifiedParameters,
): Promise<bigint> {
  const { destination, total, batch: options } = parameters
  // A short queue waits `maxAgeMs` unchanged before it seals: not a stall.
  const stallMs = parameters.stallMs ?? options.maxAgeMs + 120_000
  // startBatcher's proposerIntervalMs (private there).
  const intervalMs = Math.max(20, Math.floor(options.maxAgeMs / 4))
  let slot: BenchBatchSlot | undefined
  let [queued, movedAt] = [-1, ctx.clock.now()]
  for (;;) {
    const ids = await listUnbatchedMessages(ctx.db, { destination, limit: options.maxMessages })
    const oldest = ids.length === 0 ? null : await getOldestUnbatchedAt(ctx.db, { destination })
    const now = ctx.clock.now()
    const queue = { size: ids.length, oldestVerifiedAt: oldest?.getTime() ?? null }
    if (decideSeal({ now, inFlight: undefined, settling: 0, queue }, options) === 'seal') {
      slot = await assignBenchBatch(ctx, destination, slot, ids)
      ;[queued, movedAt] = [-1, now]
      continue
    }
    if (ids.length !== queued) [queued, movedAt] = [ids.length, now]
    if (ids.length === 0) {
      const counts = await countMessagesByState(ctx.db, { destination })
      if (counts.batched + counts.rejected >= total) return slot?.batchIndex ?? 0n
    }
    if (now - movedAt > stallMs)
      throw new Error(`overlapped batcher: nothing sealed or queued for ${stallMs} ms; ${queued} messages waiting`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
