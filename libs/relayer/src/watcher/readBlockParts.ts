import type { RpcReceipt } from '@relaymesh/receipt-proof'
import { isRelaymeshError } from '@relaymesh/errors'
import type { Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'
import { buildBlockBundleWires, type BlockBundleWire } from './buildBlockBundleWires.js'
import type { RangeBlock } from './findMessageBlocks.js'
import type { EvmWatcherDeps, EvmWatcherOptions, WatcherRpc } from './EvmWatcherDeps.js'
import { readFromEachEndpoint } from '../endpoints/readFromEachEndpoint.js'

type RpcFullReceipt = RpcReceipt & { transactionHash: Hex; blockHash: Hex }

/**
 * One block's bundle parts: its header and receipts read, the receipt proofs built. Answers that disagree with the
 * block's header (`RPC_DATA_INCONSISTENT`) are read again from each endpoint on its own, by rank; the first consistent
 * one is published, and each endpoint whose own answers did not fit together is demoted, so the next reads go
 * elsewhere first (`blameInconsistentEndpoints`).
 *
 * @example
 * const parts = await readBlockParts(opts, deps, block.hash, block)
 */
export async function readBlockParts(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  blockHash: Hex,
  header: RangeBlock | undefined,
): Promise<BlockBundleWire[]> {
  try {
    return await readBlockPartsFrom(deps.rpc, opts, deps, blockHash, header)
  } catch (error) {
    if (!isRelaymeshError(error, 'RPC_DATA_INCONSISTENT') || !deps.endpoints) throw error
    // The first read may mix endpoints (the range's header from one, receipts from another after a failover): only a
    // read of one endpoint alone says which of them answered inconsistently.
    deps.logger.warn(
      { err: error, origin: opts.origin, block: blockHash },
      'RPC answers inconsistent with the block header: reading the block from each endpoint on its own',
    )
    return await readFromEachEndpoint({
      endpoints: deps.endpoints,
      read: (rpc) => readBlockPartsFrom(rpc, opts, deps, blockHash),
      first: error,
      logger: deps.logger,
      at: { origin: opts.origin, block: blockHash },
    })
  }
}

/** `header`: the block as the range read already has it (checked against its hash there); else it is read here. */
async function readBlockPartsFrom(
  rpc: WatcherRpc,
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  blockHash: Hex,
  header?: RangeBlock,
): Promise<BlockBundleWire[]> {
  const block =
    header ?? ((await rpc.request({ method: 'eth_getBlockByHash', params: [blockHash, false] })) as RangeBlock | null)
  const receipts = (await rpc.request({ method: 'eth_getBlockReceipts', params: [blockHash] })) as
    RpcFullReceipt[] | null
  if (!block || !receipts)
    throw new RelayerError(`block ${blockHash} unavailable`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
  // Asked by hash, answered with another block (a node serving its own fork): the answer is checked against its own
  // hash further on, so only the question is left to check here.
  if (block.hash.toLowerCase() !== blockHash.toLowerCase())
    throw new RelayerError(`asked for block ${blockHash}, the RPC endpoint answered ${block.hash}`, {
      code: 'RPC_DATA_INCONSISTENT',
      action: 'retry',
      meta: { origin: opts.origin, asked: blockHash, answered: block.hash },
    })
  const number = BigInt(block.number)
  return buildBlockBundleWires({
    origin: opts.origin,
    outbox: opts.outbox,
    block,
    receipts,
    observe: (id) => deps.observe(id, { number, hash: block.hash }),
    maxBytes: opts.maxBundleBytes,
    now: deps.now(),
  })
}
