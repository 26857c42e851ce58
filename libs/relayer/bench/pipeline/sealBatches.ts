import { createMerkleTree } from '@relaymesh/protocol'
import { assignBatch, listUnbatchedMessages } from '@relaymesh/store'
import { pad } from 'viem'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'

/**
 * The proposer's sealing step without the co-signing round: a full batch as soon as one is queued (queue, Merkle
 * root, assign), and what is left once `stored()` says every message is in. The service waits on a verified
 * wake-up or `batch.maxAgeMs` between steps; a 20 ms poll stands in for both here.
 */
export async function sealBatches(
  ctx: RelayerContext,
  route: { destination: number; batchSize: number },
  stored: () => Promise<boolean>,
): Promise<bigint> {
  const { destination, batchSize } = route
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
