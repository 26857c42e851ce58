import { createMerkleTree } from '@relaymesh/protocol'
import { assignBatch } from '@relaymesh/store'
import { pad, type Hex } from 'viem'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'

/** Where the bench's next batch goes: its index and the previous batch's hash. */
export type BenchBatchSlot = { batchIndex: bigint; previous: Hex }

/**
 * The batcher's sealing of one batch without the co-signing round: Merkle root of `ids` and `assignBatch` (the batch
 * row and its messages `batched`, in one transaction). `slot` undefined is batch 0 of a fresh database (the bench has
 * no inbox to read the chain's tip from). Returns the slot after it.
 */
export async function assignBenchBatch(
  ctx: Pick<RelayerContext, 'db'>,
  destination: number,
  slot: BenchBatchSlot | undefined,
  ids: Uint8Array[],
): Promise<BenchBatchSlot> {
  const { batchIndex, previous } = slot ?? { batchIndex: 0n, previous: pad('0x00') }
  const tree = createMerkleTree(ids)
  await assignBatch(ctx.db, {
    destination,
    batchIndex,
    batchHash: tree.rootBytes,
    root: tree.rootBytes,
    previousBatchHash: Buffer.from(previous.slice(2), 'hex'),
    proposer: new Uint8Array(20),
    ids,
  })
  return { batchIndex: batchIndex + 1n, previous: tree.root }
}
