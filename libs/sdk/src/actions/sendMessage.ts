import { outboxAbi } from '@relaymesh/evm-contracts'
import { DEFAULT_GAS_LIMIT, type Message } from '@relaymesh/protocol'
import type { Account, Address, Chain, Hex, Transport, WalletClient } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'
import { accountOf, chainOf, recipientBytes32, walletDomain } from '../internal/chains.js'
import { dispatchedMessage } from '../internal/dispatchedMessage.js'

/**
 * Parameters of `sendMessage`.
 *
 * @example
 * const parameters: SendMessageParameters = {
 *   walletClient,
 *   destination: 56,
 *   recipient: '0x…',
 *   payload: '0x68656c6c6f',
 * }
 */
export type SendMessageParameters = {
  /** Signs and sends `Outbox.dispatch` on the origin chain. */
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  /** Defaults to the wallet client's account. */
  account?: Account | Address | undefined
  /** Origin domain; defaults to the wallet client's chain id. */
  origin?: number | undefined
  destination: number
  /** A 20-byte EVM address (left-padded) or a 32-byte recipient (e.g. a Solana key). */
  recipient: Hex
  /**
   * Gas the destination inbox calls the recipient's `handle` with, exactly (uint32; PROTOCOL.md
   * "Execution gas"). Default `DEFAULT_GAS_LIMIT` (200,000). A `handle` that runs out of it fails
   * (retryable), so size it for the recipient's worst case.
   */
  gasLimit?: number | undefined
  payload: Hex
}

/**
 * The dispatched message: its id (keccak256 of `encoded`), the source
 * transaction and the message as the Outbox numbered it.
 *
 * @example
 * const { id, txHash, message }: SendMessageReturnType = await sendMessage(client, parameters)
 */
export type SendMessageReturnType = { id: Hex; txHash: Hex; blockNumber: bigint; message: Message; encoded: Hex }

/**
 * Errors `sendMessage` throws itself (viem's transaction errors pass through).
 *
 * @example
 * if ((error as SendMessageErrorType).code === 'DISPATCH_NOT_FOUND') …
 */
export type SendMessageErrorType = BridgeSdkError<
  'CHAIN_NOT_CONFIGURED' | 'WRONG_CHAIN' | 'ACCOUNT_MISSING' | 'INVALID_ADDRESS' | 'TX_REVERTED' | 'DISPATCH_NOT_FOUND'
>

/**
 * Sends a cross-chain message from an EVM chain: calls `Outbox.dispatch`,
 * waits for the transaction and reads the numbered message from its
 * `Dispatch` log.
 *
 * @throws {SendMessageErrorType}
 * @example
 * const { id } = await sendMessage(client, {
 *   walletClient, destination: 56, recipient: '0x2222222222222222222222222222222222222222', payload: toHex('hello'),
 *   gasLimit: 500_000, // optional; default 200,000
 * })
 * await waitForMessage(client, { id })
 */
export async function sendMessage(
  client: BridgeClient,
  parameters: SendMessageParameters,
): Promise<SendMessageReturnType> {
  const { walletClient, destination, payload } = parameters
  const origin = walletDomain(walletClient, parameters.origin)
  const chain = chainOf(client, origin)
  const txHash = await writeContract(walletClient, {
    address: chain.outbox,
    abi: outboxAbi,
    functionName: 'dispatch',
    args: [destination, recipientBytes32(parameters.recipient), parameters.gasLimit ?? DEFAULT_GAS_LIMIT, payload],
    account: accountOf(walletClient, parameters.account),
    chain: walletClient.chain ?? null,
  })
  const receipt = await waitForTransactionReceipt(chain.publicClient, { hash: txHash })
  return { ...dispatchedMessage(receipt, chain.outbox), txHash, blockNumber: receipt.blockNumber }
}
