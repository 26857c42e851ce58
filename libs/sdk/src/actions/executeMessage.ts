import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { decodeMessage, messageId, verifyMerkleProof } from '@relaymesh/protocol'
import {
  isAddressEqual,
  parseEventLogs,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type WalletClient,
} from 'viem'
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import type { ExecutionProof } from '../ApiTypes.js'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'
import { accountOf, chainOf, walletDomain } from '../internal/chains.js'
import { getMessage } from './getMessage.js'

/**
 * Parameters of `executeMessage`.
 *
 * @example
 * const parameters: ExecuteMessageParameters = { walletClient, id, gas: 500_000n }
 */
export type ExecuteMessageParameters = {
  /** Sends `SettlementInbox.execute` on the message's destination chain; anyone may. */
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  account?: Account | Address | undefined
  id: Hex
  /**
   * Transaction gas override. The recipient always gets exactly the message's own gas limit; too
   * little gas for it reverts (`InsufficientGasForRecipient`) rather than failing the message. Default: estimated.
   */
  gas?: bigint | undefined
  maxFeePerGas?: bigint | undefined
  maxPriorityFeePerGas?: bigint | undefined
  signal?: AbortSignal | undefined
}

/**
 * The execute transaction and what the inbox said: `executed`, or `failed`
 * with the recipient's revert data (the message stays retryable).
 *
 * @example
 * const { outcome, reason }: ExecuteMessageReturnType = await executeMessage(client, { walletClient, id })
 */
export type ExecuteMessageReturnType = {
  txHash: Hex
  blockNumber: bigint
  outcome: 'executed' | 'failed'
  reason: Hex | null
}

/**
 * Errors of `executeMessage` (viem's transaction errors pass through).
 *
 * @example
 * if ((error as ExecuteMessageErrorType).code === 'NOT_SETTLED') await waitForMessage(client, { id, state: 'settled' })
 */
export type ExecuteMessageErrorType = BridgeSdkError<
  | 'MESSAGE_REJECTED'
  | 'NOT_SETTLED'
  | 'PROOF_UNAVAILABLE'
  | 'PROOF_INVALID'
  | 'ALREADY_EXECUTED'
  | 'CHAIN_NOT_CONFIGURED'
  | 'WRONG_CHAIN'
  | 'ACCOUNT_MISSING'
  | 'TX_REVERTED'
  | 'EXECUTION_NOT_FOUND'
>

/** The API's proof, checked locally: a proof the inbox would refuse is never sent (it would only burn gas). */
async function settledProof(client: BridgeClient, id: Hex, signal: AbortSignal | undefined): Promise<ExecutionProof> {
  const status = await getMessage(client, { id, signal })
  if ('stored' in status || status.state === 'rejected') {
    throw new BridgeSdkError('MESSAGE_REJECTED', 'the relayers rejected the message: it can never execute', {
      action: 'reject',
      meta: { id, reasonCode: status.reasonCode },
    })
  }
  const { proof } = status
  if (!proof && status.proofError)
    throw new BridgeSdkError('PROOF_UNAVAILABLE', 'the relayer API could not build the proof', {
      action: 'retry',
      meta: { id, proofError: status.proofError },
    })
  if (!proof || proof.batchState !== 'settled') {
    throw new BridgeSdkError('NOT_SETTLED', `the message is ${status.state}: its batch is not settled yet`, {
      action: 'retry',
      meta: { id, state: status.state, batchState: proof?.batchState ?? null },
    })
  }
  const { header } = proof
  const proves =
    messageId(proof.message) === id.toLowerCase() &&
    verifyMerkleProof({
      root: header.root,
      count: header.messageCount,
      index: proof.leafIndex,
      leaf: id,
      proof: proof.proof,
    })
  if (!proves)
    throw new BridgeSdkError('PROOF_INVALID', 'the proof from the relayer API does not prove this message', {
      action: 'reject',
      meta: { id },
    })
  return proof
}

/**
 * Executes a settled message by hand with the proof from the relayer API:
 * for a stuck message, or one whose recipient reverted (`failed`) and can
 * now succeed. Checks the proof locally and that the message has not executed
 * yet, then sends `SettlementInbox.execute(header, [message], [leafIndex], proof)`
 * with the given gas overrides.
 *
 * @throws {ExecuteMessageErrorType}
 * @example
 * const status = await getMessage(client, { id })
 * if (status.state === 'failed') {
 *   const { outcome } = await executeMessage(client, { walletClient, id, gas: 1_000_000n })
 *   console.log(outcome) // 'executed', or 'failed' again with the recipient's revert in `reason`
 * }
 */
export async function executeMessage(
  client: BridgeClient,
  parameters: ExecuteMessageParameters,
): Promise<ExecuteMessageReturnType> {
  const { walletClient, id, gas, maxFeePerGas, maxPriorityFeePerGas, signal } = parameters
  const proof = await settledProof(client, id, signal)
  const message = decodeMessage(proof.message)
  const chain = chainOf(client, walletDomain(walletClient, message.destination))
  const executed = await readContract(chain.publicClient, {
    address: chain.inbox,
    abi: settlementInboxAbi,
    functionName: 'isExecuted',
    args: [message.origin, message.nonce],
  })
  if (executed)
    throw new BridgeSdkError('ALREADY_EXECUTED', 'the message has already executed on the destination', {
      action: 'reject',
      meta: { id },
    })
  const header = { ...proof.header, batchIndex: BigInt(proof.header.batchIndex) }
  const txHash = await writeContract(walletClient, {
    address: chain.inbox,
    abi: settlementInboxAbi,
    functionName: 'execute',
    args: [header, [proof.message], [proof.leafIndex], proof.proof],
    account: accountOf(walletClient, parameters.account),
    chain: walletClient.chain ?? null,
    gas,
    maxFeePerGas,
    maxPriorityFeePerGas,
  })
  const receipt = await waitForTransactionReceipt(chain.publicClient, { hash: txHash })
  if (receipt.status !== 'success')
    throw new BridgeSdkError('TX_REVERTED', 'the execute transaction reverted', {
      action: 'reject',
      meta: { id, txHash },
    })
  const logs = parseEventLogs({
    abi: settlementInboxAbi,
    logs: receipt.logs,
    eventName: ['MessageExecuted', 'MessageFailed'],
  })
  const log = logs.find((l) => isAddressEqual(l.address, chain.inbox) && l.args.id.toLowerCase() === id.toLowerCase())
  if (!log)
    throw new BridgeSdkError('EXECUTION_NOT_FOUND', 'the execute transaction holds no outcome for this message', {
      action: 'reject',
      meta: { id, txHash },
    })
  const reason = log.eventName === 'MessageFailed' ? log.args.reason : null
  return {
    txHash,
    blockNumber: receipt.blockNumber,
    outcome: log.eventName === 'MessageExecuted' ? 'executed' : 'failed',
    reason,
  }
}
