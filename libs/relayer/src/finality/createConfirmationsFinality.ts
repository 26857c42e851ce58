import type { Hex } from 'viem'
import type { FinalityProvider, FinalityStatus } from './FinalityProvider.js'
import { judgeConfirmedBlock } from './judgeConfirmedBlock.js'

/** The slice of a viem PublicClient the rule needs (so tests can pass a fake). */
export type CanonicalChainReader = {
  getBlockNumber(args?: { cacheTime?: number }): Promise<bigint>
  getBlock(args: { blockNumber: bigint }): Promise<{ hash: Hex | null }>
}

export type ConfirmationsFinalityOptions = {
  /**
   * Per origin domain: the relayer's own RPC view of that chain (`client`, with failover) and the depth it requires;
   * `endpoints`: each configured endpoint on its own, in order, of which two must name the block (one when one is
   * configured; default `[client]`).
   */
  chains: Map<
    number,
    { client: CanonicalChainReader; confirmations: number; endpoints?: readonly CanonicalChainReader[] | undefined }
  >
}

/**
 * Confirmation-depth finality, checked against the verifier's own RPC (never
 * the watcher's word): the block must be buried under `confirmations` blocks and
 * canonical at its height, as two of the chain's endpoints agree when several
 * are configured (`judgeConfirmedBlock`): one endpoint serving its own fork can
 * then neither make its block final nor refuse the chain's.
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
      const readers = chain.endpoints?.length ? chain.endpoints : [chain.client]
      const needed = Math.min(2, readers.length)
      return judgeConfirmedBlock({ hash, answers: await readHashesAt(readers, number, needed), needed })
    },
  }
}

/**
 * The hashes the first `needed` endpoints that answer name at `number`, in order. An endpoint down or without the
 * block is passed over; when none answers, its failure is thrown (the verifier retries), as a lone endpoint's was.
 */
async function readHashesAt(readers: readonly CanonicalChainReader[], number: bigint, needed: number): Promise<Hex[]> {
  const answers: Hex[] = []
  let last: unknown
  for (const reader of readers) {
    if (answers.length >= needed) break
    try {
      const block = await reader.getBlock({ blockNumber: number })
      if (block.hash) answers.push(block.hash)
    } catch (error) {
      // Down, stalled or behind: the next endpoint may answer.
      last = error
    }
  }
  if (answers.length === 0 && last !== undefined) throw last
  return answers
}
