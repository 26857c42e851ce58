import {
  BaseError as ViemError,
  TransactionReceiptNotFoundError,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { RelayerError } from '../RelayerError.js'
import { decodeRevert, type InboxRevert } from './decodeRevert.js'

type Client = PublicClient<Transport, Chain>

/** Messages that mean the node already has this tx (or already mined it): a rebroadcast that changes nothing. */
const ALREADY_SENT =
  /already known|already imported|nonce too low|replacement transaction underpriced|transaction with the same hash/i

/** Geth, Erigon, Nethermind, anvil and Besu wordings of a sender balance below gas x fee + value. */
const INSUFFICIENT_FUNDS = /insufficient funds|insufficient balance|sender doesn't have enough funds/i

/** `eth_sendRawTransaction`; a node that already holds or mined the same nonce is not an error (the receipt poll decides). */
export async function broadcast(client: Client, rawTx: Hex): Promise<void> {
  try {
    await client.sendRawTransaction({ serializedTransaction: rawTx })
  } catch (error) {
    const text = error instanceof ViemError ? `${error.shortMessage} ${error.details}` : String(error)
    if (ALREADY_SENT.test(text)) return
    if (INSUFFICIENT_FUNDS.test(text))
      throw new RelayerError('the settler account cannot pay for the tx; fund it', {
        code: 'SETTLER_FUNDS_LOW',
        action: 'retry',
        cause: error,
        details: text.slice(0, 300),
      })
    throw new RelayerError('broadcast failed', {
      code: 'RPC_UNAVAILABLE',
      action: 'retry',
      cause: error,
      details: text.slice(0, 300),
    })
  }
}

/** Current fees; when replacing, at least 12.5% above the previous ones (nodes' replacement rule) and never below the market. */
export async function nextFees(
  client: Client,
  previous: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const market = await client.estimateFeesPerGas({ type: 'eip1559' })
  if (!previous) return { maxFeePerGas: market.maxFeePerGas, maxPriorityFeePerGas: market.maxPriorityFeePerGas }
  const bumped = (v: bigint) => (v * 1125n + 999n) / 1000n + 1n
  const max = (a: bigint, b: bigint) => (a > b ? a : b)
  const maxPriorityFeePerGas = max(bumped(previous.maxPriorityFeePerGas), market.maxPriorityFeePerGas)
  const maxFeePerGas = max(max(bumped(previous.maxFeePerGas), market.maxFeePerGas), maxPriorityFeePerGas)
  return { maxFeePerGas, maxPriorityFeePerGas }
}

/** The first receipt found among `hashes` and whether it has `confirmations` blocks, or undefined when none has one. */
export async function readReceipt(
  client: Client,
  hashes: readonly Hex[],
  confirmations: number,
): Promise<{ receipt: TransactionReceipt; confirmed: boolean } | undefined> {
  for (const hash of hashes) {
    let receipt: TransactionReceipt
    try {
      receipt = await client.getTransactionReceipt({ hash })
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) continue
      throw new RelayerError('receipt lookup failed', { code: 'RPC_UNAVAILABLE', action: 'retry', cause: error })
    }
    const head = await client.getBlockNumber({ cacheTime: 0 })
    return { receipt, confirmed: head - receipt.blockNumber + 1n >= BigInt(confirmations) }
  }
  return undefined
}

/**
 * What the node holds of a pending tx: whether it knows any of its versions
 * (`eth_getTransactionByHash` not null: in its pool or mined) and the
 * account's `pending` count (mined txs plus the gapless run of its pool).
 * A tx it does not know was dropped (evicted, `anvil_dropTransaction`, a
 * node restarted without its pool) and is mined by nobody unless sent again.
 */
export async function readNodeView(
  client: Client,
  from: Address,
  hashes: readonly Hex[],
): Promise<{ known: boolean; pendingCount: bigint }> {
  try {
    let known = false
    for (const hash of hashes) {
      // A raw request: viem's getTransaction throws on null, and null is the answer looked for.
      if (await client.request({ method: 'eth_getTransactionByHash', params: [hash] })) {
        known = true
        break
      }
    }
    const pendingCount = BigInt(await client.getTransactionCount({ address: from, blockTag: 'pending' }))
    return { known, pendingCount }
  } catch (error) {
    throw new RelayerError('tx lookup failed', { code: 'RPC_UNAVAILABLE', action: 'retry', cause: error })
  }
}

/**
 * Whether another tx from the same key took the pending tx's nonce: the
 * chain has moved past the nonce and none of the tx's versions has a receipt.
 * One such reading is not proof: a node updates its account state before its
 * receipt index (anvil does, and a load-balanced RPC may answer the two reads
 * from different nodes), so the caller declares a conflict only when the
 * reading holds for a while (`TxManagerOptions.nonceConflictGraceMs`).
 */
export async function isNonceTaken(
  client: Client,
  from: Address,
  pending: { nonce: bigint; hashes: readonly Hex[] },
): Promise<boolean> {
  const mined = await client.getTransactionCount({ address: from, blockTag: 'latest' })
  if (BigInt(mined) <= pending.nonce) return false
  // The receipt may have landed between the two reads: look once more.
  return (await readReceipt(client, pending.hashes, 1)) === undefined
}

/** Why a mined tx reverted: the same call replayed at its block, decoded with the inbox ABI. */
export async function revertOf(
  client: Client,
  from: Address,
  request: { to: Address; data: Hex; gas: bigint },
  receipt: TransactionReceipt,
): Promise<InboxRevert | undefined> {
  try {
    await client.call({
      account: from,
      to: request.to,
      data: request.data,
      gas: request.gas,
      blockNumber: receipt.blockNumber,
    })
    return undefined
  } catch (error) {
    return decodeRevert(error)
  }
}
