import { hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { mayHoldDispatch } from './mayHoldDispatch.js'
import type { Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'

/** A block of the watched range as `eth_getBlockByNumber` returns it (no transactions). */
export type RangeBlock = RpcBlockHeader & { hash: Hex; number: Hex; parentHash: Hex }

export type FindMessageBlocksParameters = {
  origin: number
  /** Lower-case Outbox address. */
  outbox: Hex
  /** Every block of the range, in chain order. */
  headers: readonly RangeBlock[]
  /** The node's `eth_getLogs` answer for the Outbox's Dispatch topic over the same range. */
  logs: readonly { blockHash: Hex; blockNumber: Hex; removed?: boolean | undefined }[]
}

export type MessageBlock = { hash: Hex; number: bigint }

export type FindMessageBlocksReturnType = {
  /**
   * Blocks to read, in chain order: the ones the logs name and the ones whose bloom may hold a Dispatch of the Outbox.
   */
  blocks: MessageBlock[]
  /** Of those, the ones whose bloom names a Dispatch of the Outbox but the logs left out. */
  omitted: MessageBlock[]
}

/**
 * Which blocks of a watched range may hold messages. `eth_getLogs` alone is the node's word: a node that leaves a
 * block out (a lying node, or one whose log index lags its headers) would let the cursor move past its messages.
 * Each header's `logsBloom` is committed to by its hash, so the headers are checked to hash to their hashes and to
 * link in a chain, and every block whose bloom has both the Outbox address and the Dispatch topic is read too
 * (a false positive of the bloom costs one read that finds nothing). An answer that does not fit together is
 * `RPC_DATA_INCONSISTENT` (retry: the poll reads the range again).
 */
export function findMessageBlocks(p: FindMessageBlocksParameters): FindMessageBlocksReturnType {
  const byHash = new Map<string, MessageBlock>()
  let previous: RangeBlock | undefined
  for (const header of p.headers) {
    if (hashBlockHeader(header) !== header.hash.toLowerCase())
      inconsistent(p, `block ${BigInt(header.number)} does not hash to ${header.hash}`)
    if (previous && header.parentHash.toLowerCase() !== previous.hash.toLowerCase())
      inconsistent(p, `block ${BigInt(header.number)} does not follow ${previous.hash}`)
    byHash.set(header.hash.toLowerCase(), { hash: header.hash, number: BigInt(header.number) })
    previous = header
  }
  const logged = new Set<string>()
  for (const log of p.logs) {
    if (log.removed) continue
    if (!byHash.has(log.blockHash.toLowerCase()))
      inconsistent(p, `a log names block ${log.blockHash}, not one of the range's headers`)
    logged.add(log.blockHash.toLowerCase())
  }
  const blocks: MessageBlock[] = []
  const omitted: MessageBlock[] = []
  for (const header of p.headers) {
    const key = header.hash.toLowerCase()
    const inBloom = mayHoldDispatch(header.logsBloom, p.outbox)
    if (!logged.has(key) && !inBloom) continue
    const block = byHash.get(key) as MessageBlock // reason: every header was put in the map above
    blocks.push(block)
    if (inBloom && !logged.has(key)) omitted.push(block)
  }
  return { blocks, omitted }
}

function inconsistent(p: FindMessageBlocksParameters, why: string): never {
  throw new RelayerError(`the RPC endpoint's answers for origin ${p.origin} do not fit together: ${why}`, {
    code: 'RPC_DATA_INCONSISTENT',
    action: 'retry',
    meta: { origin: p.origin },
  })
}
