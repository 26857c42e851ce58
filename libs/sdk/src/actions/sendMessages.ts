import { outboxAbi } from '@relaymesh/evm-contracts'
import { DEFAULT_GAS_LIMIT, type Message } from '@relaymesh/protocol'
import type { Account, Address, Chain, Hex, Transport, WalletClient } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'
import { accountOf, chainOf, recipientBytes32, walletDomain } from '../internal/chains.js'
import { dispatchedMessages } from '../internal/dispatchedMessages.js'

/**
 * One message of `sendMessages`.
 *
 * @example
 * const outgoing: OutgoingMessage = { destination: 56, recipient: '0x…', payload: '0x68656c6c6f' }
 */
export type OutgoingMessage = {
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
 * Parameters of `sendMessages`.
 *
 * @example
 * const parameters: SendMessagesParameters = {
 *   walletClient,
 *   messages: [{ destination: 56, recipient: '0x…', payload: '0x01' }],
 * }
 */
export type SendMessagesParameters = {
  /** Signs and sends `Outbox.dispatchBatch` on the origin chain. */
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  /** Defaults to the wallet client's account. */
  account?: Account | Address | undefined
  /** Origin domain; defaults to the wallet client's chain id. */
  origin?: number | undefined
  /** 1 to 1,024 messages, at most 262,144 payload bytes in all (PROTOCOL.md "Multi-dispatch"). */
  messages: readonly OutgoingMessage[]
}

/**
 * The dispatched messages, in the order given: their ids (also in `ids`),
 * the one source transaction and each message as the Outbox numbered it
 * (consecutive nonces).
 *
 * @example
 * const { ids, txHash, messages }: SendMessagesReturnType = await sendMessages(client, parameters)
 */
export type SendMessagesReturnType = {
  ids: Hex[]
  txHash: Hex
  blockNumber: bigint
  messages: { id: Hex; message: Message; encoded: Hex }[]
}

/**
 * Errors `sendMessages` throws itself (viem's transaction errors pass through,
 * among them the Outbox's `BatchEmpty`, `BatchTooLarge`, `BatchPayloadTooLarge`
 * and `PayloadTooLarge` reverts, decoded from its ABI).
 *
 * @example
 * if ((error as SendMessagesErrorType).code === 'INVALID_ADDRESS') …
 */
export type SendMessagesErrorType = BridgeSdkError<
  'CHAIN_NOT_CONFIGURED' | 'WRONG_CHAIN' | 'ACCOUNT_MISSING' | 'INVALID_ADDRESS' | 'TX_REVERTED' | 'DISPATCH_NOT_FOUND'
>

/**
 * Sends many cross-chain messages from an EVM chain in one transaction:
 * calls `Outbox.dispatchBatch`, waits for the transaction and reads every
 * numbered message from its `Dispatch` logs. Each message is exactly what
 * `sendMessage` would have sent; the batch pays the transaction's base cost
 * once (100 small messages cost ~6.3k gas each instead of ~34k).
 *
 * @throws {SendMessagesErrorType}
 * @example
 * const { ids } = await sendMessages(client, {
 *   walletClient,
 *   messages: [
 *     { destination: 56, recipient: '0x2222222222222222222222222222222222222222', payload: toHex('hello') },
 *     { destination: 1399811149, recipient: solanaRecipientBytes32, payload: toHex('gm'), gasLimit: 500_000 },
 *   ],
 * })
 * await Promise.all(ids.map((id) => waitForMessage(client, { id })))
 */
export async function sendMessages(
  client: BridgeClient,
  parameters: SendMessagesParameters,
): Promise<SendMessagesReturnType> {
  const { walletClient, messages } = parameters
  const origin = walletDomain(walletClient, parameters.origin)
  const chain = chainOf(client, origin)
  const recipients = messages.map((m, i) => recipientBytes32(m.recipient, `recipient of message ${i}`))
  const txHash = await writeContract(walletClient, {
    address: chain.outbox,
    abi: outboxAbi,
    functionName: 'dispatchBatch',
    args: [
      messages.map((m) => m.destination),
      recipients,
      messages.map((m) => m.gasLimit ?? DEFAULT_GAS_LIMIT),
      messages.map((m) => m.payload),
    ],
    account: accountOf(walletClient, parameters.account),
    chain: walletClient.chain ?? null,
  })
  const receipt = await waitForTransactionReceipt(chain.publicClient, { hash: txHash })
  const dispatched = dispatchedMessages(receipt, chain.outbox, messages.length)
  return { ids: dispatched.map((m) => m.id), txHash, blockNumber: receipt.blockNumber, messages: dispatched }
}
