import { bytesToHex } from '@relaymesh/protocol'
import { getBatch, getBatchMessageIds } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchProposal } from './BatchProposal.js'
import { latestBatch } from '../batch/latestBatch.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { publishProposal } from './sealNextBatch.js'

/**
 * After a restart: publishes the destination's latest batch again if it is
 * still `proposed` (the process may have died between `assignBatch` and
 * `publish`). The stream's msg-id dedup drops it when it did go out.
 */
export async function republishProposal(ctx: RelayerContext, target: BatchDestination): Promise<boolean> {
  const latest = await latestBatch(ctx.db, target.destination)
  if (latest?.state !== 'proposed') return false
  const batch = await getBatch(ctx.db, { destination: target.destination, batchIndex: latest.batchIndex })
  const own = batch?.signatures.find((s) => bytesToHex(s.signer) === ctx.account.address.toLowerCase())
  if (!batch || !own) return false
  const ids = await getBatchMessageIds(ctx.db, { destination: target.destination, batchIndex: latest.batchIndex })
  const proposal: BatchProposal = {
    header: {
      destination: target.destination,
      batchIndex: latest.batchIndex,
      root: latest.root,
      messageCount: latest.messageCount,
      previousBatchHash: latest.previousBatchHash,
    },
    batchHash: latest.batchHash,
    ids,
    proposer: ctx.account.address,
    signature: bytesToHex(own.signature),
    proposedAt: latest.createdAt.getTime(),
    traceparent: latest.traceparent ?? undefined,
  }
  await publishProposal(ctx, proposal)
  return true
}
