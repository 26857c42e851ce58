import { listUnbatchedMessages } from '@relaymesh/store'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import { assignBenchBatch, type BenchBatchSlot } from './assignBenchBatch.js'

/**
 * The sequential run's sealing: the proposer's sealing step without the co-signing round, a full batch as soon as
 * one is queued (queue, Merkle root, assign), and what is left once `stored()` says every message is in. A 20 ms
 * poll stands in for the service's verified wake-ups. The overlapped run seals as the service decides instead
 * (`sealAsVerified`).
 */
export async function sealBatches(
  ctx: RelayerContext,
  route: { destination: number; batchSize: number },
  stored: () => Promise<boolean>,
): Promise<bigint> {
  const { destination, batchSize } = route
  let slot: BenchBatchSlot | undefined
  let drained = false
  for (;;) {
    const ids = await listUnbatchedMessages(ctx.db, { destination, limit: batchSize })
    if (ids.length === batchSize || (drained && ids.length > 0)) {
      slot = await assignBenchBatch(ctx, destination, slot, ids)
    } else if (drained) {
      return slot?.batchIndex ?? 0n
    } else {
      drained = await stored()
      if (!drained) await new Promise((r) => setTimeout(r, 20))
    }
  }
}
