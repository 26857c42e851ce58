import { BaseError as ViemError, type Chain, type Hex, type PublicClient, type Transport } from 'viem'
import { RelayerError } from '../RelayerError.js'

/** Messages that mean the node already has this tx (or already mined it): a rebroadcast that changes nothing. */
const ALREADY_SENT =
  /already known|already imported|nonce too low|replacement transaction underpriced|transaction with the same hash/i

/** Geth, Erigon, Nethermind, anvil and Besu wordings of a sender balance below gas x fee + value. */
const INSUFFICIENT_FUNDS = /insufficient funds|insufficient balance|sender doesn't have enough funds/i

/**
 * `eth_sendRawTransaction`; a node that already holds or mined the same nonce is not an error (the receipt poll
 * decides).
 */
export async function broadcast(client: PublicClient<Transport, Chain>, rawTx: Hex): Promise<void> {
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
