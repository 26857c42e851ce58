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
import { proposalMsgId, type BatchProposal } from './BatchProposal.js'
import { batchProposalCodec } from './batchProposalCodec.js'
import { findBatch } from '../batch/findBatch.js'
import { latestBatch } from '../batch/latestBatch.js'
import { reopenedBatch } from '../batch/reopenedBatch.js'
import { traceparentsOf } from '../batch/traceparentsOf.js'
import type { BatchRow } from '../batch/BatchRow.js'
import { buildProposal } from './buildProposal.js'
import { decideSeal, quorumTimeoutMsOf } from './decideSeal.js'
import { nextBatchLimit } from './nextBatchLimit.js'
import { proposalMaxIds } from './proposalMaxIds.js'
import { promoteIfQuorum } from './collectSignature.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { recordMessageSpans, startBatchSpan } from '../batch/traceBatch.js'

export type SealOutcome = 'sealed' | 'idle' | 'awaiting-signatures' | 'refused'

/**
 * The index and previous hash the next batch takes (PROTOCOL.md: batches per inbox are a hash chain), after `latest`:
 * the destination's highest batch, or (after refusals) the refused batch whose index is reused (`reopenedBatch`).
 */
export async function nextBatchSlot(
  target: BatchDestination,
  latest: BatchRow | null,
): Promise<{ batchIndex: bigint; previousBatchHash: Hex }> {
  if (latest?.state === 'refused') return { batchIndex: latest.batchIndex, previousBatchHash: latest.previousBatchHash }
  if (latest) return { batchIndex: latest.batchIndex + 1n, previousBatchHash: latest.batchHash }
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
 * message is `batch.maxAgeMs` old (held up to `batch.maxHoldMs` while the
 * previous batch is still settling on chain), records it (`assignBatch`), stores the proposer's own
 * signature and publishes the proposal. One batch in flight per destination:
 * while the latest is still `proposed` it waits (and refuses it after the
 * quorum timeout, which returns its messages to the queue).
 */
export async function sealNextBatch(ctx: RelayerContext, target: BatchDestination): Promise<SealOutcome> {
  const { db, config, clock } = ctx
  const { destination } = target
  const latest = await latestBatch(db, destination)
  if (latest?.state === 'proposed') {
    // The proposer's own signature may already be the quorum (threshold 1): no co-signature will come to promote it.
    if (await promoteIfQuorum(ctx, destination, latest.batchIndex)) return 'sealed'
    const inFlight = { proposedAt: latest.createdAt.getTime() }
    const idle = { size: 0, oldestVerifiedAt: null }
    if (decideSeal({ now: clock.now(), inFlight, settling: 0, queue: idle }, config.batch) === 'await-signatures')
      return 'awaiting-signatures'
    await refuseBatch(db, { destination, batchIndex: latest.batchIndex, reasonCode: 'BATCH_QUORUM_TIMEOUT' })
    ctx.logger.warn({ destination, batchIndex: latest.batchIndex.toString() }, 'batch refused: no quorum in time')
    return 'refused'
  }
  // After refusals the slot is the first refused index above the last live batch, not the highest index: a refused
  // batch takes its successors with it (`refuseBatch`), and the inbox still waits for the lowest of them.
  const slotBatch = latest?.state === 'refused' ? ((await reopenedBatch(db, destination)) ?? latest) : latest
  const ids = await listUnbatchedMessages(db, {
    destination,
    limit: Math.min(nextBatchLimit(slotBatch, config.batch.maxMessages), proposalMaxIds(ctx.bus.maxPayload)),
  })
  const oldest = ids.length === 0 ? null : await getOldestUnbatchedAt(db, { destination })
  const queue = { size: ids.length, oldestVerifiedAt: oldest?.getTime() ?? null }
  const settling = await countSettling(ctx, destination, latest)
  if (decideSeal({ now: clock.now(), inFlight: undefined, settling, queue }, config.batch) !== 'seal') return 'idle'
  return proposeBatch(ctx, target, ids, await nextBatchSlot(target, slotBatch))
}

const isSettling = (b: BatchRow | null) => b?.state === 'signed' || b?.state === 'submitted'

/**
 * How many of the destination's latest batches (up to two, the default `maxSettling`) have a quorum and are not
 * settled.
 */
async function countSettling(ctx: RelayerContext, destination: number, latest: BatchRow | null): Promise<number> {
  if (!latest || !isSettling(latest)) return 0
  if (latest.batchIndex === 0n) return 1
  return isSettling(await findBatch(ctx.db, destination, latest.batchIndex - 1n)) ? 2 : 1
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
    ids: proposal.ids,
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
