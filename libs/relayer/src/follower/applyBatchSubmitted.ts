import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, hexToBytes, keccak256, unpackMessages } from '@relaymesh/protocol'
import {
  assignBatch,
  checkBatchMembers,
  recordRejections,
  refuseBatch,
  settleBatch,
  transitionBatch,
} from '@relaymesh/store'
import { decodeFunctionData, type DecodeFunctionDataReturnType, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { batchTraceparents } from '../batch/batchTraceparents.js'
import { findBatch } from '../batch/findBatch.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { recordMessageSpans } from '../batch/traceBatch.js'
import { RelayerError } from '../RelayerError.js'
import type { ExecutionEvent } from './applyExecutions.js'
import { decideAdoption } from './decideAdoption.js'

export type BatchSubmittedEvent = { batchIndex: bigint; batchHash: Hex; transactionHash: Hex; blockNumber: bigint }

/**
 * Applies an inbox `BatchSubmitted`: the chain is the source of truth. The
 * local batch with the same hash walks to `settled` (with its messages),
 * whatever state this relayer had it in. A batch this relayer does not hold
 * (it refused or never saw the proposal) is adopted from the `submitBatch`
 * calldata when its own verifier accepted every id; until then the follower
 * retries, and an id it rejected is recorded and skipped. `executions` are the
 * `MessageExecuted` logs of the settling transaction itself (a one-shot
 * `submitAndExecute`): those of this batch are written settled and executed at
 * once, with their `relaymesh.execute` spans; the ones not applied here are
 * returned for the caller to apply as ordinary executions.
 */
export async function applyBatchSubmitted(
  ctx: RelayerContext,
  target: BatchDestination,
  event: BatchSubmittedEvent,
  executions: readonly ExecutionEvent[] = [],
): Promise<ExecutionEvent[]> {
  const { destination } = target
  let local = await findBatch(ctx.db, destination, event.batchIndex)
  if (local?.batchHash !== event.batchHash || local.state === 'refused') {
    await adoptFromCalldata(ctx, target, event)
    local = await findBatch(ctx.db, destination, event.batchIndex)
    if (!local) return [...executions]
  }
  const steps = { proposed: 'signed', signed: 'submitted' } as const
  let state = local.state
  while (state === 'proposed' || state === 'signed') {
    await moveBatch(ctx, destination, event, steps[state])
    state = steps[state]
  }
  if (state !== 'submitted') return [...executions]
  const executionTxHash = executions[0]?.transactionHash
  let result
  try {
    result = await settleBatch(ctx.db, {
      destination,
      batchIndex: event.batchIndex,
      executed: executionTxHash
        ? { ids: executions.map((e) => e.id), executionTxHash: hexToBytes(executionTxHash) }
        : undefined,
    })
  } catch (error) {
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
    return [...executions]
  }
  const executed = new Set<string>(result.executed.map((id) => bytesToHex(id)))
  await traceSettled(ctx, destination, event, { executionTxHash, executed, settled: result.settled })
  return executions.filter((e) => !executed.has(bytesToHex(e.id)))
}

/** The `relaymesh.settle` span of every message of the batch, `relaymesh.execute` of those executed in the same tx. */
async function traceSettled(
  ctx: RelayerContext,
  destination: number,
  event: BatchSubmittedEvent,
  outcome: { executionTxHash: Hex | undefined; executed: ReadonlySet<string>; settled: number },
): Promise<void> {
  const { executed } = outcome
  const messages = await batchTraceparents(ctx.db, destination, event.batchIndex)
  const attributes = { 'relaymesh.destination': destination, 'relaymesh.batch.index': event.batchIndex.toString() }
  recordMessageSpans(ctx.telemetry.tracer, 'relaymesh.settle', messages, {
    ...attributes,
    'relaymesh.batch.hash': event.batchHash,
    'relaymesh.tx.hash': event.transactionHash,
  })
  if (executed.size > 0)
    recordMessageSpans(
      ctx.telemetry.tracer,
      'relaymesh.execute',
      messages.filter((m) => executed.has(bytesToHex(m.id))),
      { ...attributes, 'relaymesh.tx.hash': outcome.executionTxHash, 'relaymesh.execute.outcome': 'executed' },
    )
  ctx.logger.info(
    {
      destination,
      batchIndex: event.batchIndex.toString(),
      settled: outcome.settled + executed.size,
      executed: executed.size,
    },
    'batch settled',
  )
}

async function moveBatch(
  ctx: RelayerContext,
  destination: number,
  event: BatchSubmittedEvent,
  to: 'signed' | 'submitted',
): Promise<void> {
  try {
    await transitionBatch(ctx.db, {
      destination,
      batchIndex: event.batchIndex,
      to,
      submitTxHash: to === 'submitted' ? hexToBytes(event.transactionHash) : undefined,
    })
  } catch (error) {
    // The settler moved it concurrently.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}

async function adoptFromCalldata(
  ctx: RelayerContext,
  target: BatchDestination,
  event: BatchSubmittedEvent,
): Promise<void> {
  const { destination } = target
  const tx = await target.chain.client.getTransaction({ hash: event.transactionHash })
  let decoded
  try {
    decoded = decodeFunctionData({ abi: settlementInboxAbi, data: tx.input })
  } catch {
    ctx.logger.error(
      { destination, batchIndex: event.batchIndex.toString(), tx: event.transactionHash },
      'settled batch not submitted directly; cannot adopt it',
    )
    return
  }
  const submitted = submittedBatch(decoded)
  if (!submitted) return
  const { header, ids: idBytes } = submitted
  const local = await findBatch(ctx.db, destination, event.batchIndex)
  if (local && local.state !== 'refused')
    await refuseBatch(ctx.db, {
      destination,
      batchIndex: event.batchIndex,
      reasonCode: 'BATCH_SUPERSEDED',
      details: { by: event.batchHash },
    })
  const check = await checkBatchMembers(ctx.db, { destination, ids: idBytes })
  const decision = decideAdoption(check, await adoptionWait(ctx, target, event))
  if (decision === 'abandon') return abandonAdoption(ctx, destination, event, check.missing.length)
  if (decision === 'never') {
    ctx.logger.error(
      { destination, batchIndex: event.batchIndex.toString() },
      'the inbox settled a batch holding a message this relayer rejected',
    )
    return
  }
  if (decision === 'wait')
    throw new RelayerError('settled batch holds messages not verified here yet', {
      code: 'BATCH_PENDING_VERIFICATION',
      action: 'retry',
      meta: { destination, batchIndex: event.batchIndex, missing: check.missing.length },
    })
  await assignBatch(ctx.db, {
    destination,
    batchIndex: header.batchIndex,
    batchHash: hexToBytes(event.batchHash),
    root: hexToBytes(header.root),
    previousBatchHash: hexToBytes(header.previousBatchHash),
    proposer: hexToBytes(tx.from),
    ids: idBytes,
  })
}

/**
 * How long ago the inbox settled the batch (its block's time, on this relayer's clock), against `batch.adoptWaitMs`.
 */
async function adoptionWait(ctx: RelayerContext, target: BatchDestination, event: BatchSubmittedEvent) {
  const block = await target.chain.client.getBlock({ blockNumber: event.blockNumber })
  return { waitedMs: ctx.clock.now() - Number(block.timestamp) * 1000, maxWaitMs: ctx.config.batch.adoptWaitMs }
}

/** Records a settled batch this relayer will not adopt (`BATCH_NOT_ADOPTED`) and says so loudly. */
async function abandonAdoption(
  ctx: RelayerContext,
  destination: number,
  event: BatchSubmittedEvent,
  missing: number,
): Promise<void> {
  const details = {
    destination,
    batchIndex: event.batchIndex.toString(),
    batchHash: event.batchHash,
    tx: event.transactionHash,
    missing,
  }
  await recordRejections(ctx.db, [{ stage: 'follower', reasonCode: 'BATCH_NOT_ADOPTED', details }])
  ctx.logger.error(
    details,
    "settled batch holds messages this relayer's verifier never verified: not adopted, following on " +
      '(BATCH_NOT_ADOPTED)',
  )
}

/**
 * The header and ids a settling call published: `submitBatch` lists the ids, `submitAndExecute` carries the messages
 * they hash (PROTOCOL.md "One-shot settlement").
 */
function submittedBatch(call: DecodeFunctionDataReturnType<typeof settlementInboxAbi>) {
  if (call.functionName === 'submitBatch')
    return { header: call.args[0], ids: call.args[1].map((id) => hexToBytes(id)) }
  if (call.functionName === 'submitAndExecute')
    return { header: call.args[0], ids: unpackMessages(hexToBytes(call.args[1])).map((m) => keccak256(m)) }
  return undefined
}
