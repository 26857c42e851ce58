import type { Address, Chain, Hex, PublicClient, Transport } from 'viem'
import { RelayerError } from '../RelayerError.js'

/**
 * What the node holds of a pending tx: whether it knows any of its versions
 * (`eth_getTransactionByHash` not null: in its pool or mined) and the
 * account's `pending` count (mined txs plus the gapless run of its pool).
 * A tx it does not know was dropped (evicted, `anvil_dropTransaction`, a
 * node restarted without its pool) and is mined by nobody unless sent again.
 */
export async function readNodeView(
  client: PublicClient<Transport, Chain>,
  from: Address,
  hashes: readonly Hex[],
): Promise<{ known: boolean; pendingCount: bigint }> {
  try {
    let known = false
    for (const hash of hashes) {
      // A raw request: viem's getTransaction throws on null, and null is the answer looked for.
      if (await client.request({ method: 'eth_getTransactionByHash', params: [hash] })) {
        known = true
        break
      }
    }
    const pendingCount = BigInt(await client.getTransactionCount({ address: from, blockTag: 'pending' }))
    return { known, pendingCount }
  } catch (error) {
    throw new RelayerError('tx lookup failed', { code: 'RPC_UNAVAILABLE', action: 'retry', cause: error })
  }
}
