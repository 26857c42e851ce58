import { bytesToHex } from '@relaymesh/protocol'
import type { BatchProposal } from './BatchProposal.js'
import type { BatcherDeps } from './BatcherDeps.js'

/**
 * After a restart: publishes the destination's latest batch again if it is
 * still `proposed` (the process may have died between `assignBatch` and
 * `publish`). The stream's msg-id dedup drops it when it did go out.
 */
export async function republishProposal(deps: BatcherDeps, destination: number): Promise<boolean> {
  const { store, account } = deps
  const latest = await store.latestBatch(destination)
  if (latest?.state !== 'proposed') return false
  const at = { destination, batchIndex: latest.batchIndex }
  const batch = await store.getBatchSignatures(at)
  const own = batch?.signatures.find((s) => bytesToHex(s.signer) === account.address.toLowerCase())
  if (!batch || !own) return false
  const ids = await store.getBatchMessageIds(at)
  const proposal: BatchProposal = {
    header: {
      destination,
      batchIndex: latest.batchIndex,
      root: latest.root,
      messageCount: latest.messageCount,
      previousBatchHash: latest.previousBatchHash,
    },
    batchHash: latest.batchHash,
    ids,
    proposer: account.address,
    signature: bytesToHex(own.signature),
    proposedAt: latest.createdAt.getTime(),
    traceparent: latest.traceparent ?? undefined,
  }
  await deps.mesh.publishProposal(proposal)
  return true
}
