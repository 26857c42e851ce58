import { crossChainTokenAbi } from '@relaymesh/evm-contracts'
import type { Message } from '@relaymesh/protocol'
import type { Account, Address, Chain, Hex, Transport, WalletClient } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'
import { accountOf, chainOf, recipientBytes32, walletDomain } from '../internal/chains.js'
import { dispatchedMessage } from '../internal/dispatchedMessage.js'

/**
 * Parameters of `sendToken`.
 *
 * @example
 * const parameters: SendTokenParameters = { walletClient, destination: 56, recipient: '0x…', amount: 10n ** 18n }
 */
export type SendTokenParameters = {
  /** Signs `CrossChainToken.transferRemote` on the origin chain (burns from this account). */
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  account?: Account | Address | undefined
  /** Origin domain; defaults to the wallet client's chain id. */
  origin?: number | undefined
  destination: number
  /** Who is minted the tokens on the destination: a 20-byte address (or 32 bytes). */
  recipient: Hex
  /** In the token's smallest unit (18 decimals). */
  amount: bigint
}

/**
 * The token transfer's message (sent by the token router to the remote router) and its transaction.
 *
 * @example
 * const { id, amount }: SendTokenReturnType = await sendToken(client, parameters)
 */
export type SendTokenReturnType = {
  id: Hex
  txHash: Hex
  blockNumber: bigint
  message: Message
  encoded: Hex
  recipient: Hex
  amount: bigint
}

/**
 * Errors `sendToken` throws itself (viem's transaction errors, e.g. an
 * `InsufficientBalance` revert in simulation, pass through).
 *
 * @example
 * if ((error as SendTokenErrorType).code === 'TOKEN_NOT_CONFIGURED') …
 */
export type SendTokenErrorType = BridgeSdkError<
  | 'CHAIN_NOT_CONFIGURED'
  | 'TOKEN_NOT_CONFIGURED'
  | 'WRONG_CHAIN'
  | 'ACCOUNT_MISSING'
  | 'INVALID_ADDRESS'
  | 'TX_REVERTED'
  | 'DISPATCH_NOT_FOUND'
>

/**
 * Moves example tokens (`CrossChainToken`) to another chain: burns `amount`
 * here and dispatches a mint to `recipient` on `destination`.
 *
 * @throws {SendTokenErrorType}
 * @example
 * const { id } = await sendToken(client, {
 *   walletClient,
 *   destination: 56,
 *   recipient: account.address,
 *   amount: parseEther('1'),
 * })
 * await waitForMessage(client, { id, timeoutMs: 120_000 })
 */
export async function sendToken(client: BridgeClient, parameters: SendTokenParameters): Promise<SendTokenReturnType> {
  const { walletClient, destination, amount } = parameters
  const origin = walletDomain(walletClient, parameters.origin)
  const chain = chainOf(client, origin)
  if (!chain.token)
    throw new BridgeSdkError('TOKEN_NOT_CONFIGURED', `no token is configured on domain ${origin}`, {
      action: 'reject',
      meta: { origin },
    })
  const recipient = recipientBytes32(parameters.recipient)
  const txHash = await writeContract(walletClient, {
    address: chain.token,
    abi: crossChainTokenAbi,
    functionName: 'transferRemote',
    args: [destination, recipient, amount],
    account: accountOf(walletClient, parameters.account),
    chain: walletClient.chain ?? null,
  })
  const receipt = await waitForTransactionReceipt(chain.publicClient, { hash: txHash })
  return { ...dispatchedMessage(receipt, chain.outbox), txHash, blockNumber: receipt.blockNumber, recipient, amount }
}
