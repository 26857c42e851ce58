import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { Address, Hex, PublicClient } from 'viem'
import { forEachBlockRange } from './forEachBlockRange.js'

export type ReadExecutedMessagesParameters = {
  inbox: Address
  fromBlock?: bigint | undefined
  toBlock: bigint
  /** Blocks per eth_getLogs call at first (halved for a range whose answer is too large). */ step?: bigint | undefined
}

/**
 * How many times each message id was executed on this destination, from the
 * inbox's `MessageExecuted` logs (the chain's own record, not a database's):
 * a count above one is a double execution.
 *
 * @example
 * const counts = await readExecutedMessages(client, { inbox, toBlock: await client.getBlockNumber() })
 * [...counts.values()].some((n) => n > 1) // false
 */
export async function readExecutedMessages(
  client: PublicClient,
  p: ReadExecutedMessagesParameters,
): Promise<Map<Hex, number>> {
  const counts = new Map<Hex, number>()
  const event = settlementInboxAbi.find((item) => item.type === 'event' && item.name === 'MessageExecuted')
  if (!event || event.type !== 'event') throw new Error('SettlementInbox ABI lacks MessageExecuted')
  await forEachBlockRange(
    { fromBlock: p.fromBlock ?? 0n, toBlock: p.toBlock, step: p.step ?? 2_000n },
    async (from, to) => {
      const logs = await client.getLogs({ address: p.inbox, event, fromBlock: from, toBlock: to, strict: true })
      for (const log of logs) {
        const id = log.args.id as Hex // reason: strict decoding of MessageExecuted; `id` is its indexed bytes32
        counts.set(id, (counts.get(id) ?? 0) + 1)
      }
    },
  )
  return counts
}
