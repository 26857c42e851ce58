import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, hexToBytes, keccak256, unpackMessages } from '@relaymesh/protocol'
import { decodeFunctionData, type DecodeFunctionDataReturnType, type Hex } from 'viem'
import { toMessageTrace } from '../batch/toMessageTrace.js'
import { recordMessageSpans } from '../batch/traceBatch.js'
import { RelayerError } from '../RelayerError.js'
import type { ExecutionEvent } from './applyExecutions.js'
import { decideAdoption } from './decideAdoption.js'
import { decideBatchSubmitted } from './decideBatchSubmitted.js'
import type { FollowerDeps } from './FollowerDeps.js'

/** How long a settled batch may wait for this relayer's verifier before it is not adopted (`batch.adoptWaitMs`). */
export type ApplyBatchSubmittedOptions = { adoptWaitMs: number }

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
 * returned for the caller to apply as ordinary executions. `decideBatchSubmitted` says which.
 */
export async function applyBatchSubmitted(
  deps: FollowerDeps,
  event: BatchSubmittedEvent,
  executions: readonly ExecutionEvent[],
  options: ApplyBatchSubmittedOptions,
): Promise<ExecutionEvent[]> {
  const { destination } = deps
  const find = () => deps.store.findBatch({ destination, batchIndex: event.batchIndex })
  let decision = decideBatchSubmitted({ local: await find(), batchHash: event.batchHash, adopted: false })
  if (decision.kind === 'adopt') {
    await adoptFromCalldata(deps, event, options)
    decision = decideBatchSubmitted({ local: await find(), batchHash: event.batchHash, adopted: true })
  }
  if (decision.kind !== 'settle') return [...executions]
  for (const to of decision.moves) await moveBatch(deps, event, to)
  const executionTxHash = executions[0]?.transactionHash
  let result
  try {
    result = await deps.store.settleBatch({
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
  await traceSettled(deps, event, { executionTxHash, executed, settled: result.settled })
  return executions.filter((e) => !executed.has(bytesToHex(e.id)))
}

/** The `relaymesh.settle` span of every message of the batch, `relaymesh.execute` of those executed in the same tx. */
async function traceSettled(
  deps: Pick<FollowerDeps, 'destination' | 'store' | 'tracing' | 'logger'>,
  event: BatchSubmittedEvent,
  outcome: { executionTxHash: Hex | undefined; executed: ReadonlySet<string>; settled: number },
): Promise<void> {
  const { destination } = deps
  const { executed } = outcome
  // The traceparents serve the spans alone: a process that records none does not read them.
  const messages = deps.tracing.recording
    ? (await deps.store.listBatchTraceparents({ destination, batchIndex: event.batchIndex })).map(toMessageTrace)
    : []
  const attributes = { 'relaymesh.destination': destination, 'relaymesh.batch.index': event.batchIndex.toString() }
  recordMessageSpans(deps.tracing, 'relaymesh.settle', messages, {
    ...attributes,
    'relaymesh.batch.hash': event.batchHash,
    'relaymesh.tx.hash': event.transactionHash,
  })
  if (executed.size > 0)
    recordMessageSpans(
      deps.tracing,
      'relaymesh.execute',
      messages.filter((m) => executed.has(bytesToHex(m.id))),
      { ...attributes, 'relaymesh.tx.hash': outcome.executionTxHash, 'relaymesh.execute.outcome': 'executed' },
    )
  deps.logger.info(
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
  deps: Pick<FollowerDeps, 'destination' | 'store'>,
  event: BatchSubmittedEvent,
  to: 'signed' | 'submitted',
): Promise<void> {
  try {
    await deps.store.transitionBatch({
      destination: deps.destination,
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
  deps: FollowerDeps,
  event: BatchSubmittedEvent,
  options: ApplyBatchSubmittedOptions,
): Promise<void> {
  const { destination } = deps
  const tx = await deps.chain.getTransaction(event.transactionHash)
  let decoded
  try {
    decoded = decodeFunctionData({ abi: settlementInboxAbi, data: tx.input })
  } catch {
    deps.logger.error(
      { destination, batchIndex: event.batchIndex.toString(), tx: event.transactionHash },
      'settled batch not submitted directly; cannot adopt it',
    )
    return
  }
  const submitted = submittedBatch(decoded)
  if (!submitted) return
  const { header, ids: idBytes } = submitted
  const local = await deps.store.findBatch({ destination, batchIndex: event.batchIndex })
  if (local && local.state !== 'refused')
    await deps.store.refuseBatch({
      destination,
      batchIndex: event.batchIndex,
      reasonCode: 'BATCH_SUPERSEDED',
      details: { by: event.batchHash },
    })
  const check = await deps.store.checkBatchMembers({ destination, ids: idBytes })
  const decision = decideAdoption(check, await adoptionWait(deps, event, options.adoptWaitMs))
  if (decision === 'abandon') return abandonAdoption(deps, event, check.missing.length)
  if (decision === 'never') {
    deps.logger.error(
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
  await deps.store.assignBatch({
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
async function adoptionWait(
  deps: Pick<FollowerDeps, 'chain' | 'clock'>,
  event: BatchSubmittedEvent,
  maxWaitMs: number,
) {
  const block = await deps.chain.getBlock(event.blockNumber)
  return { waitedMs: deps.clock.now() - Number(block.timestamp) * 1000, maxWaitMs }
}

/** Records a settled batch this relayer will not adopt (`BATCH_NOT_ADOPTED`) and says so loudly. */
async function abandonAdoption(
  deps: Pick<FollowerDeps, 'destination' | 'store' | 'logger'>,
  event: BatchSubmittedEvent,
  missing: number,
): Promise<void> {
  const details = {
    destination: deps.destination,
    batchIndex: event.batchIndex.toString(),
    batchHash: event.batchHash,
    tx: event.transactionHash,
    missing,
  }
  await deps.store.recordRejections([{ stage: 'follower', reasonCode: 'BATCH_NOT_ADOPTED', details }])
  deps.logger.error(
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
