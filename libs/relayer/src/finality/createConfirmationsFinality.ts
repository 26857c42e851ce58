import type { Hex } from 'viem'
import type { FinalityProvider, FinalityStatus } from './FinalityProvider.js'

/** The slice of a viem PublicClient the rule needs (so tests can pass a fake). */
export type CanonicalChainReader = {
  getBlockNumber(args?: { cacheTime?: number }): Promise<bigint>
  getBlock(args: { blockNumber: bigint }): Promise<{ hash: Hex | null }>
}

export type ConfirmationsFinalityOptions = {
  /** Per origin domain: the relayer's own RPC view of that chain and the depth it requires. */
  chains: Map<number, { client: CanonicalChainReader; confirmations: number }>
}

/**
 * Confirmation-depth finality, checked against the verifier's own RPC (never
 * the watcher's word): the block must be canonical at its height and buried
 * under `confirmations` blocks.
 */
export function createConfirmationsFinality(opts: ConfirmationsFinalityOptions): FinalityProvider {
  return {
    async check({ origin, number, hash }): Promise<FinalityStatus> {
      const chain = opts.chains.get(origin)
      if (!chain) return { status: 'pending', reason: `no finality source for origin ${origin}` }
      const head = await chain.client.getBlockNumber({ cacheTime: 0 })
      if (head < number + BigInt(chain.confirmations)) {
        return { status: 'pending', reason: `depth ${head - number} < ${chain.confirmations}` }
      }
      const canonical = await chain.client.getBlock({ blockNumber: number })
      if (canonical.hash?.toLowerCase() !== hash.toLowerCase()) {
        return { status: 'orphaned', canonicalHash: canonical.hash ?? undefined }
      }
      return { status: 'final', verification: 'confirmations' }
    },
  }
}
