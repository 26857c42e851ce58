import {
  TransactionReceiptNotFoundError,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { RelayerError } from '../RelayerError.js'

/** The first receipt found among `hashes` and whether it has `confirmations` blocks, or undefined when none has one. */
export async function readReceipt(
  client: PublicClient<Transport, Chain>,
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
