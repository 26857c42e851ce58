import { numberToHex } from 'viem'
import type { BatchDestination } from '../batch/batchDestination.js'
import { FOLLOWED_TOPICS, type RpcInboxLog } from './decodeInboxLogs.js'
import type { FollowerChain } from './FollowerChain.js'

/**
 * The follower's reads of `target`'s chain through its client.
 *
 * @example
 * const chain = createFollowerChain(batchDestination(ctx, 56))
 */
export function createFollowerChain(target: BatchDestination): FollowerChain {
  const { client } = target.chain
  return {
    getHead: () => client.getBlockNumber({ cacheTime: 0 }),
    getInboxLogs: async (from, to) =>
      (await client.request({
        method: 'eth_getLogs',
        params: [
          {
            address: target.domain.inbox,
            topics: [[...FOLLOWED_TOPICS]],
            fromBlock: numberToHex(from),
            toBlock: numberToHex(to),
          },
        ],
      })) as RpcInboxLog[], // reason: eth_getLogs' documented answer
    getBlock: (blockNumber) => client.getBlock({ blockNumber }),
    getTransaction: (hash) => client.getTransaction({ hash }),
  }
}
