import { encodeBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import type { PublicClient } from 'viem'

/**
 * RLP headers of blocks `from..to` (oldest first) from the verifier's own
 * RPC, for `getFinalizedExecution`'s parent-hash ancestry. The RPC is not
 * trusted: the light client checks every hash link up to the finalized
 * checkpoint.
 */
export async function fetchAncestry(
  client: Pick<PublicClient, 'request'>,
  from: bigint,
  to: bigint,
): Promise<Uint8Array[]> {
  const headers: Uint8Array[] = []
  for (let n = from; n <= to; n++) {
    const block = (await client.request({
      method: 'eth_getBlockByNumber',
      params: [`0x${n.toString(16)}`, false],
    })) as unknown as RpcBlockHeader // reason: eth_getBlockByNumber JSON carries the header fields
    headers.push(encodeBlockHeader(block))
  }
  return headers
}
