import { outboxAbi } from '@relaymesh/evm-contracts'
import { decodeMessage, type Message } from '@relaymesh/protocol'
import { isAddressEqual, parseEventLogs, type Address, type Hex, type TransactionReceipt } from 'viem'
import { BridgeSdkError } from '../BridgeSdkError.js'

/** The message a mined source transaction dispatched through `outbox` (the first `Dispatch` log of that Outbox). */
export function dispatchedMessage(
  receipt: TransactionReceipt,
  outbox: Address,
): { id: Hex; encoded: Hex; message: Message } {
  if (receipt.status !== 'success') {
    throw new BridgeSdkError('TX_REVERTED', 'the source transaction reverted', {
      action: 'reject',
      meta: { txHash: receipt.transactionHash },
    })
  }
  const logs = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
  const dispatch = logs.find((log) => isAddressEqual(log.address, outbox))
  if (!dispatch) {
    throw new BridgeSdkError('DISPATCH_NOT_FOUND', 'the transaction emitted no Dispatch from the configured Outbox', {
      action: 'reject',
      meta: { txHash: receipt.transactionHash, outbox },
    })
  }
  return { id: dispatch.args.id, encoded: dispatch.args.message, message: decodeMessage(dispatch.args.message) }
}
