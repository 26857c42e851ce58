import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { LocalAccount } from 'viem'
import type { BatchDestination } from '../batch/batchDestination.js'
import type { SettlerInbox } from './SettlerInbox.js'

/**
 * The settlement inbox of `target` through its chain client, estimates from `account`.
 *
 * @example
 * const inbox = createSettlerInbox(batchDestination(ctx, 56), ctx.account)
 */
export function createSettlerInbox(target: BatchDestination, account: LocalAccount): SettlerInbox {
  const { client } = target.chain
  const inbox = { address: target.domain.inbox, abi: settlementInboxAbi } as const
  return {
    address: target.domain.inbox,
    nextBatchIndex: () => client.readContract({ ...inbox, functionName: 'nextBatchIndex' }),
    batchHash: (batchIndex) => client.readContract({ ...inbox, functionName: 'batchHashes', args: [batchIndex] }),
    estimateSubmitBatch: (args) =>
      client.estimateContractGas({ ...inbox, functionName: 'submitBatch', args: [...args], account }),
    estimateSubmitAndExecute: (args) =>
      client.estimateContractGas({ ...inbox, functionName: 'submitAndExecute', args: [...args], account }),
    estimateExecute: (args) =>
      client.estimateContractGas({ ...inbox, functionName: 'execute', args: [...args], account }),
  }
}
