import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { isAddressEqual, parseEventLogs, type Hex } from 'viem'
import { getTransactionReceipt } from 'viem/actions'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeChainConfig } from '../createBridgeClient.js'
import type { SettlementReceipt } from '../receipt/SettlementReceipt.js'

/** The `MessageExecuted` log of `id` in the destination transaction `txHash`, as a receipt record. */
export async function readExecution(
  chain: BridgeChainConfig,
  txHash: Hex,
  id: Hex,
): Promise<SettlementReceipt['execution']> {
  const receipt = await getTransactionReceipt(chain.publicClient, { hash: txHash })
  const log = parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'MessageExecuted' }).find(
    (l) => isAddressEqual(l.address, chain.inbox) && l.args.id.toLowerCase() === id.toLowerCase(),
  )
  if (receipt.status !== 'success' || !log) {
    throw new BridgeSdkError(
      'EXECUTION_NOT_FOUND',
      'the execution transaction holds no MessageExecuted of this message from the inbox',
      {
        action: 'reject',
        meta: { id, txHash, inbox: chain.inbox },
      },
    )
  }
  return {
    txHash,
    blockNumber: receipt.blockNumber.toString(),
    blockHash: receipt.blockHash,
    logIndex: log.logIndex,
    inbox: log.address,
    id: log.args.id,
  }
}

/** The `BatchSubmitted` log of batch `batchIndex` in the destination transaction `txHash`, as a receipt record. */
export async function readSettlement(
  chain: BridgeChainConfig,
  txHash: Hex,
  batchIndex: bigint,
): Promise<SettlementReceipt['settlement']> {
  const receipt = await getTransactionReceipt(chain.publicClient, { hash: txHash })
  const log = parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'BatchSubmitted' }).find(
    (l) => isAddressEqual(l.address, chain.inbox) && l.args.batchIndex === batchIndex,
  )
  if (receipt.status !== 'success' || !log) {
    throw new BridgeSdkError(
      'SETTLEMENT_NOT_FOUND',
      'the submit transaction holds no BatchSubmitted of this batch from the inbox',
      {
        action: 'reject',
        meta: { txHash, batchIndex: batchIndex.toString(), inbox: chain.inbox },
      },
    )
  }
  return {
    txHash,
    blockNumber: receipt.blockNumber.toString(),
    blockHash: receipt.blockHash,
    inbox: log.address,
    batchIndex: log.args.batchIndex.toString(),
    batchHash: log.args.batchHash,
    root: log.args.root,
    messageCount: log.args.messageCount,
  }
}
