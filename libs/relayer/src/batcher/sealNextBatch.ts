import { publish } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { hexToBytes } from '@relaymesh/protocol'
import {
  assignBatch,
  getOldestUnbatchedAt,
  listUnbatchedMessages,
  refuseBatch,
  storeBatchSignatures,
} from '@relaymesh/store'
import type { Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { batchProposalCodec, proposalMsgId, type BatchProposal } from './BatchProposal.js'
import { findBatch, latestBatch, listBatches, reopenedBatch, traceparentsOf, type BatchRow } from './batchQueries.js'
import { buildProposal } from './buildProposal.js'
import { decideSeal, defaultSealOptions, quorumTimeoutMsOf } from './decideSeal.js'
import { nextBatchLimit } from './nextBatchLimit.js'
import { promoteIfQuorum } from './collectSignature.js'
import type { BatchDestination } from './destinations.js'
import { recordMessageSpans, startBatchSpan } from './traceBatch.js'

export type SealOutcome = 'sealed' | 'idle' | 'awaiting-signatures' | 'refused'

/**
 * The index and previous hash the next batch takes (PROTOCOL.md: batches per inbox are a hash chain), after `latest`,
 * the destination's highest batch. After refusals the next batch reuses the first refused index above the highest
 * live (not refused) batch (`reopened`), chained on the live batch below it: not on the refused batch's own
 * previous hash, which names the batch that stood at that index when it was proposed (itself refused and proposed
 * again since, when several batches were in flight).
 */
export async function nextBatchSlot(
  ctx: Pick<RelayerContext, 'db'>,
  target: BatchDestination,
  latest: BatchRow | null,
  reopened: BatchRow | null,
): Promise<{ batchIndex: bigint; previousBatchHash: Hex }> {
  if (latest && latest.state !== 'refused')
    return { batchIndex: latest.batchIndex + 1n, previousBatchHash: latest.batchHash }
  if (reopened) {
    const below =
      reopened.batchIndex > 0n ? await findBatch(ctx.db, target.destination, reopened.batchIndex - 1n) : null
    const previousBatchHash = below && below.state !== 'refused' ? below.batchHash : reopened.previousBatchHash
    return { batchIndex: reopened.batchIndex, previousBatchHash }
  }
  // First batch of this database: continue the chain the inbox holds.
  const inbox = { address: target.domain.inbox, abi: settlementInboxAbi } as const
  const [batchIndex, previousBatchHash] = await Promise.all([
    target.chain.client.readContract({ ...inbox, functionName: 'nextBatchIndex' }),
    target.chain.client.readContract({ ...inbox, functionName: 'lastBatchHash' }),
  ])
  return { batchIndex, previousBatchHash }
}

/** The proposer's quorum timeout under `ctx`'s batch settings (`quorumTimeoutMsOf`). */
export const quorumTimeoutMs = (ctx: Pick<RelayerContext, 'config'>) =>
  quorumTimeoutMsOf(ctx.config.batch.cosignDeadlineMs)

/**
 * One proposer step for one destination, the shell of `decideSeal`: seals a
 * batch when the verified queue is full (`batch.maxMessages`) or its oldest
 * message is `batch.maxAgeMs` old, records it (`assignBatch`), stores the proposer's own
 * signature and publishes the proposal. Up to `maxInFlight` batches per
 * destination wait for their quorum at once; the oldest is refused after the
 * quorum timeout (with the later ones chained on it), which returns their
 * messages to the queue.
 */
export async function sealNextBatch(ctx: RelayerContext, target: BatchDestination): Promise<SealOutcome> {
  const { db, clock } = ctx
  const { destination } = target
  const options = { ...defaultSealOptions, ...ctx.config.batch }
  const [latest, inFlight] = await Promise.all([
    latestBatch(db, destination),
    listBatches(db, destination, 'proposed', options.maxInFlight),
  ])
  const oldest = inFlight[0]
  // The proposer's own signature may already be the quorum (threshold 1): no co-signature will come to promote it.
  if (oldest && (await promoteIfQuorum(ctx, destination, oldest.batchIndex))) return 'sealed'
  const flight = oldest && { count: inFlight.length, oldestProposedAt: oldest.createdAt.getTime() }
  const idleQueue = { size: 0, oldestVerifiedAt: null }
  const early = decideSeal({ now: clock.now(), inFlight: flight, queue: idleQueue }, options)
  if (early === 'await-signatures') return 'awaiting-signatures'
  if (early === 'refuse' && oldest) {
    await refuseBatch(db, { destination, batchIndex: oldest.batchIndex, reasonCode: 'BATCH_QUORUM_TIMEOUT' })
    ctx.logger.warn({ destination, batchIndex: oldest.batchIndex.toString() }, 'batch refused: no quorum in time')
    return 'refused'
  }
  // After refusals the slot is the first refused index above the last live batch, not the highest index: a refused
  // batch takes its successors with it (`refuseBatch`), and the inbox still waits for the lowest of them.
  const reopened = latest?.state === 'refused' ? ((await reopenedBatch(db, destination)) ?? latest) : null
  const ids = await listUnbatchedMessages(db, {
    destination,
    limit: nextBatchLimit(reopened ?? latest, options.maxMessages),
  })
  const oldestAt = ids.length === 0 ? null : await getOldestUnbatchedAt(db, { destination })
  const queue = { size: ids.length, oldestVerifiedAt: oldestAt?.getTime() ?? null }
  if (decideSeal({ now: clock.now(), inFlight: flight, queue }, options) !== 'seal') return 'idle'
  return proposeBatch(ctx, target, ids, await nextBatchSlot(ctx, target, latest, reopened))
}

async function proposeBatch(
  ctx: RelayerContext,
  target: BatchDestination,
  ids: Uint8Array[],
  slot: { batchIndex: bigint; previousBatchHash: Hex },
): Promise<SealOutcome> {
  const messages = await traceparentsOf(ctx.db, ids)
  const attributes = {
    'relaymesh.destination': target.destination,
    'relaymesh.batch.index': slot.batchIndex.toString(),
    'relaymesh.batch.size': ids.length,
  }
  const { span, traceparent } = startBatchSpan(ctx.telemetry.tracer, 'relaymesh.batch', messages, attributes)
  try {
    const proposal = await buildProposal(ctx.account, {
      domain: target.domain,
      destination: target.destination,
      ...slot,
      ids,
      proposedAt: ctx.clock.now(),
      traceparent,
    })
    span.setAttribute('relaymesh.batch.hash', proposal.batchHash)
    try {
      await recordProposal(ctx, proposal)
    } catch (error) {
      // Another batcher took the index or some messages first: re-read on the next step.
      if (isRelaymeshError(error, 'BATCH_CONFLICT')) return 'idle'
      throw error
    }
    await publishProposal(ctx, proposal)
    recordMessageSpans(ctx.telemetry.tracer, 'relaymesh.batch.message', messages, attributes, { batchSpan: span })
    ctx.logger.info(
      {
        destination: target.destination,
        batchIndex: slot.batchIndex.toString(),
        size: ids.length,
        batchHash: proposal.batchHash,
      },
      'batch proposed',
    )
    return 'sealed'
  } finally {
    span.end()
  }
}

/** Records a proposal as this relayer's batch (its messages become `batched`) with the proposer's signature. */
export async function recordProposal(ctx: Pick<RelayerContext, 'db'>, proposal: BatchProposal): Promise<void> {
  const { header } = proposal
  await assignBatch(ctx.db, {
    destination: header.destination,
    batchIndex: header.batchIndex,
    batchHash: hexToBytes(proposal.batchHash),
    root: hexToBytes(header.root),
    previousBatchHash: hexToBytes(header.previousBatchHash),
    proposer: hexToBytes(proposal.proposer),
    ids: proposal.ids.map((id) => hexToBytes(id)),
    traceparent: proposal.traceparent,
  })
  await storeBatchSignatures(ctx.db, {
    destination: header.destination,
    batchIndex: header.batchIndex,
    batchHash: hexToBytes(proposal.batchHash),
    signatures: [{ signer: hexToBytes(proposal.proposer), signature: hexToBytes(proposal.signature) }],
  })
}

/**
 * Publishes a proposal on `mesh.proposals.<dest>.<relayer>` (deduplicated by
 * `proposal:<dest>:<index>:<hash>`). Also the byzantine test's hook: it
 * publishes a hand-built proposal exactly as a proposer would.
 *
 * @example
 * await publishProposal(ctx, await buildProposal(ctx.account, parameters))
 */
export async function publishProposal(
  ctx: Pick<RelayerContext, 'bus' | 'catalogue'>,
  proposal: BatchProposal,
): Promise<void> {
  await publish(ctx.bus, ctx.catalogue.subjects.proposals(String(proposal.header.destination)), proposal, {
    codec: batchProposalCodec,
    msgId: proposalMsgId(proposal),
  })
}
