import { decodeParliaHeader, recoverParliaSigner } from '@relaymesh/light-client/bsc'
import { hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { RotationRpc } from '../../endpoints/createEndpointRotation.js'
import { RelayerError } from '../../RelayerError.js'

/** A BSC block as `eth_getBlockByNumber` answers it (header fields, hex). */
export type ParliaRpcBlock = RpcBlockHeader & { hash: Hex; number: Hex }

export type ParliaRun = {
  origin: number
  chainId: bigint
  from: bigint
  to: bigint
  /** The hash of block `from - 1` as the feeder last published it; undefined before its first run. */
  parentHash: Hex | undefined
}

/** Requests in flight while reading one run of headers. */
const FETCH_CONCURRENCY = 16

/**
 * Blocks `from..to` of one run, in order, read through `rpc` `FETCH_CONCURRENCY` requests at a time (one request
 * after the other made the feeder as slow as the node's latency: on a saturated machine it fell 2,000 blocks behind a
 * 0.5 s chain, so no BSC-origin message became final), then checked (`checkParliaRun`).
 *
 * @example
 * const blocks = await readParliaRun(rotation.endpoint(1), { origin: 56, chainId: 56n, from, to, parentHash })
 */
export async function readParliaRun(rpc: RotationRpc, run: ParliaRun): Promise<ParliaRpcBlock[]> {
  const numbers: bigint[] = []
  for (let n = run.from; n <= run.to; n++) numbers.push(n)
  const blocks: ParliaRpcBlock[] = []
  for (let i = 0; i < numbers.length; i += FETCH_CONCURRENCY) {
    const slice = numbers.slice(i, i + FETCH_CONCURRENCY)
    blocks.push(
      ...(await Promise.all(
        slice.map(async (n) => {
          const block = (await rpc.request({
            method: 'eth_getBlockByNumber',
            params: [`0x${n.toString(16)}`, false],
          })) as ParliaRpcBlock | null // reason: raw JSON-RPC block
          if (!block) throw new RelayerError(`block ${n} unavailable`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
          return block
        }),
      )),
    )
  }
  checkParliaRun(blocks, run)
  return blocks
}

/**
 * What the feeder can check of a run as one endpoint served it before the light client sees it: each block is the
 * one asked, hashes to its hash, names the previous one (the first, the block the feeder last published) as its
 * parent, and its seal recovers to its own miner (bnb-chain/bsc `verifySeal`'s first check). A forged block that
 * hashes and links consistently (an endpoint serving a fork of its own) cannot be sealed by its miner's key, so it
 * is caught here and read from another endpoint, instead of being fed to the light client, which would refuse the
 * run and wait for good on the hole it leaves. Whether the miner is a validator is the light client's to check.
 *
 * @throws {RelayerError} `RPC_DATA_INCONSISTENT` (retry) naming the first block that fails.
 */
export function checkParliaRun(blocks: readonly ParliaRpcBlock[], run: ParliaRun): void {
  let parentHash = run.parentHash?.toLowerCase()
  blocks.forEach((block, i) => {
    const n = run.from + BigInt(i)
    const fail = (why: string): never => {
      throw new RelayerError(`the RPC endpoint's block ${n} of origin ${run.origin} ${why}`, {
        code: 'RPC_DATA_INCONSISTENT',
        action: 'retry',
        meta: { origin: run.origin, block: n.toString(), hash: block.hash },
      })
    }
    if (BigInt(block.number) !== n) fail(`is block ${BigInt(block.number)}`)
    if (hashBlockHeader(block) !== block.hash.toLowerCase()) fail(`does not hash to ${block.hash}`)
    if (parentHash !== undefined && block.parentHash.toLowerCase() !== parentHash) fail(`does not follow ${parentHash}`)
    if (!sealedByMiner(block, run.chainId)) fail(`is not sealed by its miner ${block.miner}`)
    parentHash = block.hash.toLowerCase()
  })
}

function sealedByMiner(block: ParliaRpcBlock, chainId: bigint): boolean {
  try {
    return recoverParliaSigner(decodeParliaHeader(block), chainId) === block.miner.toLowerCase()
  } catch {
    // Not a Parlia header, or no key recovers from its seal: not sealed by anyone.
    return false
  }
}
