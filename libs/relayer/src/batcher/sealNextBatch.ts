import { publish } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import { hexToBytes } from '@relaymesh/protocol'
import { assignBatch, storeBatchSignatures } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchProposal } from './BatchProposal.js'
import { proposalMsgId } from './proposalMsgId.js'
import { batchProposalCodec } from './batchProposalCodec.js'
import type { BatchRow } from '../batch/BatchRow.js'
import { buildProposal } from './buildProposal.js'
import { decideSeal, quorumTimeoutMsOf } from './decideSeal.js'
import { nextBatchLimit } from './nextBatchLimit.js'
import { decideHoldback } from './decideHoldback.js'
import { proposalMaxIds } from './proposalMaxIds.js'
import { promoteIfQuorum } from './collectSignature.js'
import type { BatchDomain } from '../batch/batchHeader.js'
import type { BatcherDeps, BatcherOptions } from './BatcherDeps.js'
import { slotAfter, type BatchSlot } from './slotAfter.js'
import { recordMessageSpans, startBatchSpan } from '../batch/traceBatch.js'

export type SealOutcome = 'sealed' | 'idle' | 'awaiting-signatures' | 'refused'

/** The destination a proposer seals for (a `BatchDestination` is one). */
export type SealTarget = { destination: number; domain: BatchDomain }

/**
 * What the proposer of one destination carries from step to step: its holdback (`decideHoldback`) and the batch it
 * waits a quorum for. Memory only: a restarted proposer starts with no holdback.
 */
export type SealMemory = { holdbackMs: number; awaiting?: bigint | undefined }

/**
 * The index and previous hash the next batch takes (`slotAfter`) after `latest`: the destination's highest batch,
 * or (after refusals) the refused batch whose index is reused (`reopenedBatch`); with no batch yet, the inbox's.
 */
export async function nextBatchSlot(
  deps: Pick<BatcherDeps, 'readInboxTip'>,
  destination: number,
  latest: BatchRow | null,
): Promise<BatchSlot> {
  const slot = slotAfter(latest)
  // First batch of this database: continue the chain the inbox holds.
  return slot === 'read-inbox' ? deps.readInboxTip(destination) : slot
}

/** The proposer's quorum timeout under `ctx`'s batch settings (`quorumTimeoutMsOf`). */
export const quorumTimeoutMs = (ctx: Pick<RelayerContext, 'config'>) =>
  quorumTimeoutMsOf(ctx.config.batch.cosignDeadlineMs)

/**
 * One proposer step for one destination, the shell of `decideSeal`: seals a
 * batch when the verified queue is full (`batch.maxMessages`) or its oldest
 * message is `batch.maxAgeMs` old (held up to `batch.maxHoldMs` while the
 * previous batch is still settling on chain), records it (`recordProposal`), stores the proposer's own
 * signature and publishes the proposal. One batch in flight per destination:
 * while the latest is still `proposed` it waits (and refuses it after the
 * quorum timeout, which returns its messages to the queue).
 */
export async function sealNextBatch(
  deps: BatcherDeps,
  options: BatcherOptions,
  target: SealTarget,
  memory: SealMemory = { holdbackMs: 0 },
): Promise<SealOutcome> {
  const { store, clock } = deps
  const { destination } = target
  const latest = await store.latestBatch(destination)
  learnQuorum(deps, options, { destination, memory }, latest)
  if (latest?.state === 'proposed') {
    // The proposer's own signature may already be the quorum (threshold 1): no co-signature will come to promote it.
    if (await promoteIfQuorum(deps, options, destination, latest.batchIndex)) return 'sealed'
    const inFlight = { proposedAt: latest.createdAt.getTime() }
    const idle = { size: 0, oldestVerifiedAt: null }
    if (decideSeal({ now: clock.now(), inFlight, settling: 0, queue: idle }, options.batch) === 'await-signatures')
      return 'awaiting-signatures'
    await store.refuseBatch({ destination, batchIndex: latest.batchIndex, reasonCode: 'BATCH_QUORUM_TIMEOUT' })
    memory.holdbackMs = decideHoldback(memory.holdbackMs, { kind: 'refused' }, options.batch)
    memory.awaiting = undefined
    deps.logger.warn(
      { destination, batchIndex: latest.batchIndex.toString(), holdbackMs: memory.holdbackMs },
      'batch refused: no quorum in time; newer messages held back',
    )
    return 'refused'
  }
  // After refusals the slot is the first refused index above the last live batch, not the highest index: a refused
  // batch takes its successors with it (`refuseBatch`), and the inbox still waits for the lowest of them.
  const slotBatch = latest?.state === 'refused' ? ((await store.reopenedBatch(destination)) ?? latest) : latest
  const ids = await store.listUnbatchedMessages({
    destination,
    limit: Math.min(nextBatchLimit(slotBatch, options.batch.maxMessages), proposalMaxIds(deps.mesh.maxPayload)),
    holdbackMs: memory.holdbackMs,
  })
  const oldest = ids.length === 0 ? null : await store.getOldestUnbatchedAt(destination)
  const queue = { size: ids.length, oldestVerifiedAt: oldest?.getTime() ?? null }
  const settling = await countSettling(deps, destination, latest)
  if (decideSeal({ now: clock.now(), inFlight: undefined, settling, queue }, options.batch) !== 'seal') return 'idle'
  const slot = await nextBatchSlot(deps, destination, slotBatch)
  const outcome = await proposeBatch(deps, target, ids, slot)
  if (outcome === 'sealed') memory.awaiting = slot.batchIndex
  return outcome
}

/** A batch this proposer waited for that has its quorum now: how long it waited tells the holdback. */
function learnQuorum(
  deps: BatcherDeps,
  options: BatcherOptions,
  { destination, memory }: { destination: number; memory: SealMemory },
  latest: BatchRow | null,
): void {
  if (memory.awaiting === undefined || latest?.batchIndex !== memory.awaiting || latest.state === 'proposed') return
  memory.awaiting = undefined
  if (latest.state === 'refused') return
  const waitedMs = deps.clock.now() - latest.createdAt.getTime()
  const before = memory.holdbackMs
  memory.holdbackMs = decideHoldback(before, { kind: 'quorum', waitedMs }, options.batch)
  if (memory.holdbackMs !== before)
    deps.logger.info(
      { destination, batchIndex: latest.batchIndex.toString(), holdbackMs: memory.holdbackMs, waitedMs },
      'batch quorum within the deadline: newer messages held back less',
    )
}

const isSettling = (b: BatchRow | null) => b?.state === 'signed' || b?.state === 'submitted'

/**
 * How many of the destination's latest batches (up to two, the default `maxSettling`) have a quorum and are not
 * settled.
 */
async function countSettling(deps: BatcherDeps, destination: number, latest: BatchRow | null): Promise<number> {
  if (!latest || !isSettling(latest)) return 0
  if (latest.batchIndex === 0n) return 1
  return isSettling(await deps.store.findBatch({ destination, batchIndex: latest.batchIndex - 1n })) ? 2 : 1
}

async function proposeBatch(
  deps: BatcherDeps,
  target: SealTarget,
  ids: Uint8Array[],
  slot: BatchSlot,
): Promise<SealOutcome> {
  // The traceparents serve the spans alone: a process that records none does not read them.
  const messages = deps.tracing.recording ? await deps.store.traceparentsOf(ids) : []
  const attributes = {
    'relaymesh.destination': target.destination,
    'relaymesh.batch.index': slot.batchIndex.toString(),
    'relaymesh.batch.size': ids.length,
  }
  const { span, traceparent } = startBatchSpan(deps.tracing, 'relaymesh.batch', messages, attributes)
  try {
    const proposal = await buildProposal(deps.account, {
      domain: target.domain,
      destination: target.destination,
      ...slot,
      ids,
      proposedAt: deps.clock.now(),
      traceparent,
    })
    span.setAttribute('relaymesh.batch.hash', proposal.batchHash)
    try {
      await deps.store.recordProposal(proposal)
    } catch (error) {
      // Another batcher took the index or some messages first: re-read on the next step.
      if (isRelaymeshError(error, 'BATCH_CONFLICT')) return 'idle'
      throw error
    }
    await deps.mesh.publishProposal(proposal)
    recordMessageSpans(deps.tracing, 'relaymesh.batch.message', messages, attributes, { batchSpan: span })
    deps.logger.info(
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
