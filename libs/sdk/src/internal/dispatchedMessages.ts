import { outboxAbi } from '@relaymesh/evm-contracts'
import { decodeMessage, type Message } from '@relaymesh/protocol'
import { isAddressEqual, parseEventLogs, type Address, type Hex, type TransactionReceipt } from 'viem'
import { BridgeSdkError } from '../BridgeSdkError.js'

/**
 * Every message a mined source transaction dispatched through `outbox`, in log order; `expected` of them or
 * `DISPATCH_NOT_FOUND`.
 */
export function dispatchedMessages(
  receipt: TransactionReceipt,
  outbox: Address,
  expected: number,
): { id: Hex; encoded: Hex; message: Message }[] {
  if (receipt.status !== 'success') {
    throw new BridgeSdkError('TX_REVERTED', 'the source transaction reverted', {
      action: 'reject',
      meta: { txHash: receipt.transactionHash },
    })
  }
  const logs = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' }).filter((log) =>
    isAddressEqual(log.address, outbox),
  )
  if (logs.length !== expected) {
    throw new BridgeSdkError(
      'DISPATCH_NOT_FOUND',
      `the transaction emitted ${logs.length} Dispatch logs from the configured Outbox, not ${expected}`,
      {
        action: 'reject',
        meta: { txHash: receipt.transactionHash, outbox, found: logs.length, expected },
      },
    )
  }
  return logs.map((log) => ({ id: log.args.id, encoded: log.args.message, message: decodeMessage(log.args.message) }))
}
