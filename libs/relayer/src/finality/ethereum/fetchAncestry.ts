import { encodeBlockHeader, hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import { RelayerError } from '../../RelayerError.js'

/** The JSON-RPC surface ancestry is read through (a viem client's `request` fits). */
export type AncestryReader = { request(args: { method: string; params?: unknown }): Promise<unknown> }

export type FetchAncestryParameters = {
  /** The block whose ancestry is asked for. */
  from: bigint
  /** The finalized checkpoint above it, as the light client holds it. */
  anchor: { blockNumber: bigint; blockHash: Hex }
}

type RpcBlock = RpcBlockHeader & { hash: Hex; parentHash: Hex }

/**
 * RLP headers of blocks `from..anchor` (oldest first) for `getFinalizedExecution`'s parent-hash ancestry, read
 * down from the finalized anchor by hash: each header asked for is checked to hash to the hash asked, so an endpoint
 * cannot put another block in the chain, only fail to answer, and the next endpoint in `readers` is asked instead.
 * Read by number, an endpoint serving its own fork (a consistent liar) would break the chain of an honest block and
 * have it refused as not canonical.
 *
 * @example
 * const ancestry = await fetchAncestry(chain.endpoints, { from: 100n, anchor: { blockNumber: 128n, blockHash } })
 */
export async function fetchAncestry(
  readers: readonly AncestryReader[],
  p: FetchAncestryParameters,
): Promise<Uint8Array[]> {
  const headers: Uint8Array[] = []
  let hash = p.anchor.blockHash.toLowerCase() as Hex // reason: lower-case of a hex string
  for (let n = p.anchor.blockNumber; n >= p.from; n--) {
    const block = await readByHash(readers, hash, n)
    headers.push(encodeBlockHeader(block))
    hash = block.parentHash.toLowerCase() as Hex // reason: as above
  }
  return headers.reverse()
}

async function readByHash(readers: readonly AncestryReader[], hash: Hex, number: bigint): Promise<RpcBlock> {
  let last: unknown
  for (const reader of readers) {
    try {
      const block = (await reader.request({ method: 'eth_getBlockByHash', params: [hash, false] })) as RpcBlock | null
      if (block && hashBlockHeader(block) === hash && BigInt(block.number) === number) return block
      last = new Error(block ? `answered block ${block.hash} at ${BigInt(block.number)}` : 'no such block')
    } catch (error) {
      last = error
    }
  }
  throw new RelayerError(`no RPC endpoint serves block ${number} (${hash}) of a finalized ancestry`, {
    code: 'RPC_UNAVAILABLE',
    action: 'retry',
    cause: last,
  })
}
