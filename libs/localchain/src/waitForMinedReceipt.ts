import { getTransaction, getTransactionReceipt } from 'viem/actions'
import {
  TransactionReceiptNotFoundError,
  type Chain,
  type Client,
  type Hash,
  type TransactionReceipt,
  type Transport,
} from 'viem'
import { LocalchainError } from './LocalchainError.js'

export type WaitForMinedReceiptParameters = {
  hash: Hash
  /** Milliseconds before giving up; default 180 s, as viem's. */
  timeout?: number | undefined
  /** Milliseconds between receipt lookups; default the client's polling interval. */
  pollingInterval?: number | undefined
}

/**
 * Waits for a transaction's receipt on a local chain by asking for the receipt itself until it is there,
 * instead of viem's wait, which looks again only when a new block arrives: on an automining chain the
 * block that holds the transaction may be the last one for a long while, and on a saturated machine we
 * saw viem's wait time out after 180 s (1 in ~40 runs of governance.e2e at 2-4 concurrent copies) for
 * a transaction anvil had no longer pending. A lookup that fails is asked again until the deadline; the
 * timeout says what the node knows of the transaction.
 *
 * @example
 * const receipt = await waitForMinedReceipt(chain.publicClient, { hash })
 */
export async function waitForMinedReceipt<T extends Transport, C extends Chain | undefined>(
  client: Client<T, C>,
  parameters: WaitForMinedReceiptParameters,
): Promise<TransactionReceipt> {
  const { hash } = parameters
  const deadline = Date.now() + (parameters.timeout ?? 180_000)
  const interval = parameters.pollingInterval ?? client.pollingInterval
  let lastError: unknown
  for (;;) {
    try {
      return await getTransactionReceipt(client, { hash })
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) lastError = error
    }
    if (Date.now() >= deadline) throw await timedOut(client, hash, lastError)
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}

async function timedOut<T extends Transport, C extends Chain | undefined>(
  client: Client<T, C>,
  hash: Hash,
  lastError: unknown,
): Promise<LocalchainError> {
  const known = await getTransaction(client, { hash }).then(
    (tx) => (tx.blockNumber === null ? `pending (nonce ${tx.nonce})` : `in block ${tx.blockNumber} without a receipt`),
    () => 'unknown to the node',
  )
  return new LocalchainError(`no receipt for ${hash}: the transaction is ${known}`, {
    code: 'RECEIPT_TIMEOUT',
    action: 'retry',
    cause: lastError,
  })
}
