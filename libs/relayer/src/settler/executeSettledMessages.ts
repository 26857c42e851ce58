import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, createMerkleTree } from '@relaymesh/protocol'
import {
  BaseError as ViemError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  ExecutionRevertedError,
  RawContractError,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import { decodeRevert } from './decodeRevert.js'
import { defaultFindExecutableChunkOptions, findExecutableChunk, type ChunkMessage } from './findExecutableChunk.js'
import { headerOf } from './headerOf.js'
import type { SettlerDeps } from './SettlerDeps.js'
import type { ExecuteArgs } from './SettlerInbox.js'
import { storedMessageBytes } from './storedMessageBytes.js'
import { waitForFollower } from './waitForFollower.js'

export type ExecuteOptions = {
  /** Attempts (the `attempts` column) after which a failed message stays `failed`. */
  maxAttempts: number
  /** First retry delay of a failed message; doubles per attempt. */
  retryBaseMs: number
  /** How long to wait for the inbox follower to record an execute tx before selecting again. */
  followerWaitMs: number
  /** Most gas one execute tx may use (the estimate with its margin); a bigger chunk is halved. */
  maxGas: bigint
}

export const defaultExecuteOptions: ExecuteOptions = {
  maxAttempts: 5,
  retryBaseMs: 2_000,
  followerWaitMs: 30_000,
  maxGas: defaultFindExecutableChunkOptions.maxGas,
}

/** `ExecuteOptions` and the most messages one execute carries (`config.batch.executeChunk`). */
export type ExecuteSettledMessagesOptions = ExecuteOptions & { executeChunk: number }

type Candidate = ChunkMessage & { encoded: Hex }

/**
 * Executes the next chunk (`batch.executeChunk`) of settled messages of one
 * batch with a single multiproof (PROTOCOL.md "Multiproof"). Failed messages
 * come back with exponential backoff until `maxAttempts`. When the chunk's
 * estimate reverts, `findExecutableChunk` shrinks it or singles out the
 * message that cannot execute, which is recorded `failed` with its reason code
 * (`EXECUTE_GAS_UNAFFORDABLE`, `EXECUTE_REVERTED`) so the chunk is never
 * retried whole forever. The inbox follower, not this function, records the
 * outcome of a sent execute from the chain's events. Returns true when it sent
 * a tx or dropped a message.
 */
export async function executeSettledMessages(
  deps: SettlerDeps,
  options: ExecuteSettledMessagesOptions,
): Promise<boolean> {
  const { destination } = deps
  const rows = await deps.store.listExecutableMessages({
    destination,
    maxAttempts: options.maxAttempts,
    retryBaseMs: options.retryBaseMs,
    limit: options.executeChunk,
  })
  const first = rows[0]
  if (!first) return false
  const batchIndex = BigInt(first.batch_index)
  const batch = await deps.store.findBatch({ destination, batchIndex })
  if (batch?.state !== 'settled') return false
  const argsOf = executeArgsOf(
    headerOf(destination, batch),
    createMerkleTree(await deps.store.getBatchMessageIds({ destination, batchIndex })),
  )
  const candidates = rows.map((r): Candidate => ({
    id: r.id,
    leafIndex: r.leaf_index,
    encoded: bytesToHex(storedMessageBytes(r, destination)),
  }))
  const found = await findExecutableChunk(candidates, (chunk) => estimateExecute(deps, argsOf(chunk)), {
    ...defaultFindExecutableChunkOptions,
    maxGas: options.maxGas,
  })
  const log = { destination, batchIndex: batchIndex.toString(), estimates: found.estimates }
  if (found.kind === 'wait') {
    deps.logger.warn({ ...log, revert: found.revert?.errorName }, 'execute would revert')
    return false
  }
  if (found.kind === 'drop') {
    await dropFromChunk(deps, log, found)
    return true
  }
  return sendExecute(
    deps,
    {
      batchIndex,
      chunk: found.messages,
      data: encodeFunctionData({ abi: settlementInboxAbi, functionName: 'execute', args: argsOf(found.messages) }),
      gas: found.gas,
    },
    options,
  )
}

/** The inbox's `execute` arguments for a chunk of one batch: its header, the messages and their multiproof. */
function executeArgsOf(header: ReturnType<typeof headerOf>, tree: ReturnType<typeof createMerkleTree>) {
  return (chunk: readonly Candidate[]): ExecuteArgs => {
    const leafIndices = chunk.map((m) => m.leafIndex)
    return [header, chunk.map((m) => m.encoded), leafIndices, tree.multiproof(leafIndices)]
  }
}

async function estimateExecute(deps: Pick<SettlerDeps, 'inbox'>, args: ExecuteArgs) {
  try {
    return { gas: await deps.inbox.estimateExecute(args) }
  } catch (error) {
    return { failure: { revert: decodeRevert(error), reverted: isExecutionRevert(error) } }
  }
}

/** Records the one message that cannot execute `failed` with its reason code, so its chunk goes on without it. */
async function dropFromChunk(
  deps: Pick<SettlerDeps, 'store' | 'logger'>,
  log: Record<string, unknown>,
  found: Extract<Awaited<ReturnType<typeof findExecutableChunk>>, { kind: 'drop' }>,
): Promise<void> {
  const revert = found.revert && { errorName: found.revert.errorName, args: found.revert.args.map(String) }
  await deps.store.markMessagesFailed({
    ids: [found.message.id],
    reasonCode: found.reasonCode,
    details: { revert, leafIndex: found.message.leafIndex },
  })
  deps.logger.warn(
    {
      ...log,
      id: bytesToHex(found.message.id),
      leafIndex: found.message.leafIndex,
      reasonCode: found.reasonCode,
      revert: revert?.errorName,
    },
    'message dropped from its execute chunk',
  )
}

async function sendExecute(
  deps: SettlerDeps,
  p: { batchIndex: bigint; chunk: readonly Candidate[]; data: Hex; gas: bigint },
  options: ExecuteOptions,
): Promise<boolean> {
  const { destination } = deps
  const leafIndices = p.chunk.map((m) => m.leafIndex)
  let receipt: TransactionReceipt
  try {
    ;({ receipt } = await deps.txs.send({
      kind: 'execute',
      batchIndex: p.batchIndex,
      leafFrom: Math.min(...leafIndices),
      leafTo: Math.max(...leafIndices) + 1,
      to: deps.inbox.address,
      data: p.data,
      gas: p.gas,
    }))
  } catch (error) {
    // Mined but reverted as a whole (e.g. a state change between estimate and inclusion): nothing was recorded on
    // chain; select again.
    if (!isRelaymeshError(error, 'TX_REVERTED')) throw error
    deps.logger.warn({ err: error, destination, batchIndex: p.batchIndex.toString() }, 'execute tx reverted')
    return true
  }
  deps.logger.info(
    {
      destination,
      batchIndex: p.batchIndex.toString(),
      messages: p.chunk.length,
      txHash: receipt.transactionHash,
      gasUsed: receipt.gasUsed.toString(),
    },
    'messages executed',
  )
  await waitForFollower(deps, receipt.blockNumber, options.followerWaitMs)
  return true
}

/** True when viem's error is the node refusing the call as a revert (with or without data), not a transport failure. */
function isExecutionRevert(error: unknown): boolean {
  if (!(error instanceof ViemError)) return false
  return (
    error.walk(
      (e) =>
        e instanceof ContractFunctionRevertedError ||
        e instanceof ExecutionRevertedError ||
        e instanceof RawContractError,
    ) !== null
  )
}
