import { isRelaymeshError, type ReasonCode } from '@relaymesh/errors'
import { bytesToHex } from '@relaymesh/protocol'
import { contextFromTraceparent } from '@relaymesh/telemetry'
import { getAddress, isAddressEqual, type Address } from 'viem'
import { RelayerError } from '../RelayerError.js'
import { recordSpanError } from '../tracing/recordSpanError.js'
import type { BatchProposal } from './BatchProposal.js'
import type { BatchSignature } from './BatchSignature.js'
import { batchTypedData } from '../batch/batchHeader.js'
import type { BatcherDeps, BatcherOptions } from './BatcherDeps.js'
import { domainOf } from './collectSignature.js'
import { cosignMemoKey, rememberIn, type CosignMemo } from './CosignMemo.js'
import { decideCosign, type CosignBlocker } from './decideCosign.js'
import { decideLocalBatch } from './decideLocalBatch.js'
import { decideVerifyFailure } from './decideVerifyFailure.js'
import { verifyProposal } from './verifyProposal.js'

export type CosignOutcome = 'signed' | 'skipped' | 'refused'

/**
 * The co-signer's decision on one proposal (DESIGN.md "Batches"). Signs only
 * when the proposal verifies (root, hash, configured proposer's signature)
 * and every id is verified for this destination and unbatched in THIS
 * relayer's database; then records the batch locally with the same index and
 * hash chain, and publishes its signature. A relayer never signs a root
 * containing a message its own verifier did not accept.
 *
 * With a `memo` (one per batcher), a redelivered proposal skips the stateless
 * checks it already passed and first re-checks only the ids it waited for.
 *
 * @throws RelayerError `BATCH_PENDING_VERIFICATION` (`retry`) while some ids are not verified here yet and the co-sign
 *   deadline has not passed.
 */
export async function cosignProposal(
  deps: BatcherDeps,
  options: BatcherOptions,
  proposal: BatchProposal,
  memo?: CosignMemo,
): Promise<CosignOutcome> {
  if (isAddressEqual(proposal.proposer, deps.account.address) || !deps.domains.has(proposal.header.destination))
    return 'skipped'
  const span = deps.tracing.tracer.startSpan(
    'relaymesh.cosign',
    {
      attributes: {
        'relaymesh.destination': proposal.header.destination,
        'relaymesh.batch.index': proposal.header.batchIndex.toString(),
        'relaymesh.batch.hash': proposal.batchHash,
      },
    },
    contextFromTraceparent(proposal.traceparent),
  )
  try {
    const outcome = await decide(deps, options, proposal, memo && { memo, key: cosignMemoKey(proposal) })
    span.setAttribute('relaymesh.cosign.outcome', outcome)
    return outcome
  } catch (error) {
    // BATCH_PENDING_VERIFICATION is the normal wait for this relayer's verifier: an event on an OK span, not an error.
    recordSpanError(span, error)
    throw error
  } finally {
    span.end()
  }
}

type Remembered = { memo: CosignMemo; key: string }

/** The configured proposer's address for `destination`, if any. */
function proposerOf(options: BatcherOptions, destination: number): Address | undefined {
  const relayerId = options.proposers[String(destination)]
  const address = relayerId === undefined ? undefined : options.relayers[relayerId]
  return address === undefined ? undefined : getAddress(address)
}

async function decide(
  deps: BatcherDeps,
  options: BatcherOptions,
  proposal: BatchProposal,
  remembered: Remembered | undefined,
): Promise<CosignOutcome> {
  const { header } = proposal
  const { store } = deps
  const domain = domainOf(deps, header.destination)
  const proposer = proposerOf(options, header.destination)
  try {
    if (!proposer)
      throw new RelayerError('no proposer is configured for this destination', { code: 'BATCH_WRONG_PROPOSER' })
    if (!remembered?.memo.verified.has(remembered.key)) {
      await verifyProposal(proposal, { domain, proposer })
      if (remembered) rememberIn(remembered.memo, remembered.memo.verified, remembered.key)
    }
    await releaseSuperseded(deps, proposal)
  } catch (error) {
    const decision = decideVerifyFailure(error)
    if (decision.kind === 'refuse') return refuse(deps, proposal, decision.reasonCode, decision.details)
    throw error
  }
  // Anything but this very batch held live here (another one may have come since `releaseSuperseded`): record it
  // first, which refuses to overwrite a live batch; a signature is published only for a batch recorded here.
  const at = { destination: header.destination, batchIndex: header.batchIndex }
  if (decideLocalBatch(await store.findBatch(at), proposal.batchHash) !== 'recorded') {
    // Still waiting for the ids it lacked last time: ask about those alone; once they pass, the whole batch is checked
    // again.
    const waitedFor = remembered?.memo.pending.get(remembered.key)
    if (waitedFor) {
      const still = await store.checkBatchMembers({ destination: header.destination, ids: waitedFor })
      if (!still.ok) return blocked(deps, options, proposal, remembered, { kind: 'members', check: still })
    }
    const check = await store.checkBatchMembers({ destination: header.destination, ids: proposal.ids })
    if (!check.ok) return blocked(deps, options, proposal, remembered, { kind: 'members', check })
    remembered?.memo.pending.delete(remembered.key)
    try {
      await store.recordProposal(proposal)
    } catch (error) {
      // The previous batch is not recorded here yet (its proposal may be waiting on this verifier): wait like for an
      // id.
      if (isRelaymeshError(error, 'BATCH_CHAIN_MISMATCH') || isRelaymeshError(error, 'BATCH_CONFLICT'))
        return blocked(deps, options, proposal, remembered, { kind: 'chain', code: error.code })
      throw error
    }
  }
  await publishSignature(deps, proposal)
  forget(remembered)
  return 'signed'
}

/**
 * A proposal at an index this relayer holds as a still-`proposed` batch with
 * another hash replaces it (the proposer refused its batch and re-proposed):
 * the old local batch is refused, releasing its messages. A settled or
 * submitted batch at that index is never replaced.
 */
async function releaseSuperseded(deps: BatcherDeps, proposal: BatchProposal): Promise<void> {
  const { destination, batchIndex } = proposal.header
  const local = await deps.store.findBatch({ destination, batchIndex })
  const decision = decideLocalBatch(local, proposal.batchHash)
  if (!local || decision === 'record' || decision === 'recorded') return
  if (decision === 'conflict')
    throw new RelayerError('proposal conflicts with a batch this relayer already holds', {
      code: 'BATCH_CHAIN_MISMATCH',
      meta: { destination, batchIndex, localState: local.state, localHash: local.batchHash },
    })
  await deps.store.refuseBatch({
    destination,
    batchIndex,
    reasonCode: 'BATCH_SUPERSEDED',
    details: { by: proposal.batchHash },
  })
}

function forget(remembered: Remembered | undefined): void {
  remembered?.memo.pending.delete(remembered.key)
  remembered?.memo.firstSeen.delete(remembered.key)
}

/**
 * The shell of `decideCosign` for a proposal that cannot be signed yet: refuses it, or remembers what it waits for
 * and when this relayer first saw it, and throws for a retry (the bus naks with backoff).
 *
 * @throws RelayerError `BATCH_PENDING_VERIFICATION` (`retry`) while it waits.
 */
async function blocked(
  deps: BatcherDeps,
  options: BatcherOptions,
  proposal: BatchProposal,
  remembered: Remembered | undefined,
  blocker: CosignBlocker,
): Promise<CosignOutcome> {
  const now = deps.clock.now()
  const firstSeenAt = remembered?.memo.firstSeen.get(remembered.key)
  const decision = decideCosign(
    { now, proposedAt: proposal.proposedAt, firstSeenAt: firstSeenAt ?? now, blocker },
    options.batch,
  )
  if (decision.kind === 'refuse') {
    forget(remembered)
    return refuse(deps, proposal, decision.reasonCode, decision.details, decision.ids)
  }
  if (remembered) {
    // Copied: the ids are views into the query's result buffer, which the memo must not keep alive.
    if (decision.pending.length > 0)
      rememberIn(
        remembered.memo,
        remembered.memo.pending,
        remembered.key,
        decision.pending.map((id) => Uint8Array.from(id)),
      )
    if (firstSeenAt === undefined) rememberIn(remembered.memo, remembered.memo.firstSeen, remembered.key, now)
  }
  throw new RelayerError('proposal holds messages this relayer has not verified yet', {
    code: 'BATCH_PENDING_VERIFICATION',
    action: 'retry',
    meta: {
      destination: proposal.header.destination,
      batchIndex: proposal.header.batchIndex,
      cause: decision.cause,
      ...decision.details,
    },
  })
}

/** Records the refusal (one row per offending id, plus one for the batch) and acks the proposal: nothing is signed. */
async function refuse(
  deps: BatcherDeps,
  proposal: BatchProposal,
  reasonCode: ReasonCode,
  details: Record<string, unknown>,
  ids: readonly Uint8Array[] = [],
): Promise<CosignOutcome> {
  const { destination, batchIndex } = proposal.header
  const batch = {
    destination,
    batchIndex: batchIndex.toString(),
    batchHash: proposal.batchHash,
    proposer: proposal.proposer,
  }
  await deps.store.recordRejections([
    { stage: 'cosign', reasonCode, details: { ...batch, ...details, offending: ids.length } },
    ...ids.map((id) => ({ stage: 'cosign', reasonCode, details: batch, messageId: id })),
  ])
  deps.logger.warn({ ...batch, reasonCode, offending: ids.slice(0, 8).map((id) => bytesToHex(id)) }, 'proposal refused')
  return 'refused'
}

async function publishSignature(deps: BatcherDeps, proposal: BatchProposal): Promise<void> {
  const { header } = proposal
  const signature = await deps.account.signTypedData(batchTypedData(header, domainOf(deps, header.destination)))
  const message: BatchSignature = {
    destination: header.destination,
    batchIndex: header.batchIndex,
    batchHash: proposal.batchHash,
    signer: deps.account.address,
    signature,
  }
  await deps.mesh.publishSignature(message, proposal)
  deps.logger.info(
    { destination: header.destination, batchIndex: header.batchIndex.toString(), batchHash: proposal.batchHash },
    'batch co-signed',
  )
}
