import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, createMerkleTree, encodeMessage, keccak256 } from '@relaymesh/protocol'
import { getBatchMessageIds, getCursor } from '@relaymesh/store'
import { encodeFunctionData, type Hex, type TransactionReceipt } from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { findBatch } from '../batcher/batchQueries.js'
import type { BatchDestination } from '../batcher/destinations.js'
import { RelayerError } from '../RelayerError.js'
import { decodeRevert } from './decodeRevert.js'
import { headerOf } from './submitSignedBatch.js'
import type { TxManager } from './txManager.js'

export type ExecuteOptions = {
  /** Attempts (the `attempts` column) after which a failed message stays `failed`. */
  maxAttempts: number
  /** First retry delay of a failed message; doubles per attempt. */
  retryBaseMs: number
  /** How long to wait for the inbox follower to record an execute tx before selecting again. */
  followerWaitMs: number
}

export const defaultExecuteOptions: ExecuteOptions = { maxAttempts: 5, retryBaseMs: 2_000, followerWaitMs: 30_000 }

type Row = {
  id: Buffer; nonce: string; origin: string; sender: Buffer; recipient: Buffer; payload: Buffer; leaf_index: number; batch_index: string
}

/**
 * Which messages are executable: settled and never tried, or failed and due for a retry
 * (SQL over `messages`; `$2` maxAttempts, `$3` retryBaseMs). Also read by `readSettlementState`.
 */
export const EXECUTABLE_WHERE = `(state = 'settled' OR (state = 'failed' AND attempts < $2
  AND updated_at <= now() - ($3::float8 * power(2, greatest(attempts - 1, 0))) * interval '1 millisecond'))`
// The executable messages of the lowest batch that has any.
const SQL = `SELECT id, nonce, origin, sender, recipient, payload, leaf_index, batch_index FROM messages
  WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE}
    AND batch_index = (SELECT min(batch_index) FROM messages WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE})
  ORDER BY leaf_index LIMIT $4`

/**
 * Executes the next chunk (`batch.executeChunk`) of settled messages of one
 * batch with a single multiproof (PROTOCOL.md "Multiproof"). Failed messages
 * come back with exponential backoff until `maxAttempts`. The inbox follower,
 * not this function, records the outcome from the chain's events. Returns
 * true when it sent a tx.
 */
export async function executeSettledMessages(ctx: RelayerContext, target: BatchDestination, txs: TxManager, options: ExecuteOptions): Promise<boolean> {
  const { destination } = target
  const result = await ctx.db.$client.query<Row>(SQL, [destination, options.maxAttempts, options.retryBaseMs, ctx.config.batch.executeChunk])
  const first = result.rows[0]
  if (!first) return false
  const batchIndex = BigInt(first.batch_index)
  const batch = await findBatch(ctx.db, destination, batchIndex)
  if (batch?.state !== 'settled') return false
  const leaves = await getBatchMessageIds(ctx.db, { destination, batchIndex })
  const leafIndices = result.rows.map((r) => r.leaf_index)
  const messages = result.rows.map((r) => encodeRow(r, destination))
  const args = [headerOf(destination, batch), messages, leafIndices, createMerkleTree(leaves).multiproof(leafIndices)] as const
  let gas: bigint
  try {
    gas = await target.chain.client.estimateContractGas({ address: target.domain.inbox, abi: settlementInboxAbi, functionName: 'execute', args, account: ctx.account })
  } catch (error) {
    // Typically MessageAlreadyExecuted (someone executed it; the follower will record it): try again later.
    ctx.logger.warn({ destination, batchIndex: batchIndex.toString(), revert: decodeRevert(error)?.errorName, err: error }, 'execute would revert')
    return false
  }
  const data = encodeFunctionData({ abi: settlementInboxAbi, functionName: 'execute', args })
  const leafFrom = Math.min(...leafIndices)
  let receipt: TransactionReceipt
  try {
    ({ receipt } = await txs.send({ kind: 'execute', batchIndex, leafFrom, leafTo: Math.max(...leafIndices) + 1, to: target.domain.inbox, data, gas: (gas * 12n) / 10n }))
  } catch (error) {
    // Mined but reverted as a whole (e.g. raced by another executor): nothing was recorded on chain; select again.
    if (!isRelaymeshError(error, 'TX_REVERTED')) throw error
    ctx.logger.warn({ err: error, destination, batchIndex: batchIndex.toString() }, 'execute tx reverted')
    return true
  }
  ctx.logger.info({ destination, batchIndex: batchIndex.toString(), messages: messages.length, txHash: receipt.transactionHash, gasUsed: receipt.gasUsed.toString() }, 'messages executed')
  await waitForFollower(ctx, destination, receipt.blockNumber, options.followerWaitMs)
  return true
}

/** The message's wire bytes from its stored fields (PROTOCOL.md "Message"), checked against its id. */
function encodeRow(r: Row, destination: number): Hex {
  const encoded = encodeMessage({
    version: 1, nonce: BigInt(r.nonce), origin: Number(r.origin), sender: bytesToHex(r.sender),
    destination, recipient: bytesToHex(r.recipient), payload: bytesToHex(r.payload),
  })
  if (!Buffer.from(keccak256(encoded)).equals(r.id))
    throw new RelayerError('stored message fields do not hash to its id', { code: 'MESSAGE_ID_MISMATCH', action: 'fatal', meta: { id: bytesToHex(r.id) } })
  return bytesToHex(encoded)
}

/** Until the follower's cursor passes `block`, the executed messages still look `settled` here: do not pick them again. */
async function waitForFollower(ctx: RelayerContext, destination: number, block: bigint, timeoutMs: number): Promise<void> {
  const deadline = ctx.clock.now() + timeoutMs
  while (ctx.clock.now() < deadline) {
    const cursor = await getCursor(ctx.db, { chain: destination, name: 'inbox-follower' })
    if (cursor && cursor.blockNumber >= block) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  ctx.logger.warn({ destination, block: block.toString() }, 'inbox follower is behind the settler')
}
