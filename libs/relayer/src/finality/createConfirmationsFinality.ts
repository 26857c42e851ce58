import type { Hex } from 'viem'
import type { FinalityProvider, FinalityStatus } from './FinalityProvider.js'
import { judgeConfirmedBlock, type EndpointAnswer } from './judgeConfirmedBlock.js'

/** The slice of a viem PublicClient the rule needs (so tests can pass a fake). */
export type CanonicalChainReader = {
  getBlockNumber(args?: { cacheTime?: number }): Promise<bigint>
  getBlock(args: { blockNumber: bigint }): Promise<{ hash: Hex | null; parentHash?: Hex | undefined }>
}

export type ConfirmationsFinalityOptions = {
  /**
   * Per origin domain: the relayer's own RPC view of that chain (`client`, with failover) and the depth it requires;
   * `endpoints`: each configured endpoint on its own, in order, of which two must name the block (one when one is
   * configured; default `[client]`); `names`: how each is named in a disagreement (URLs redacted by the caller).
   */
  chains: Map<
    number,
    {
      client: CanonicalChainReader
      confirmations: number
      endpoints?: readonly CanonicalChainReader[] | undefined
      names?: readonly string[] | undefined
    }
  >
}

/**
 * Confirmation-depth finality, checked against the verifier's own RPC (never
 * the watcher's word): the block must be buried under `confirmations` blocks and
 * canonical at its height, as two of the chain's endpoints agree when several
 * are configured (`judgeConfirmedBlock`): one endpoint serving its own fork can
 * then neither make its block final nor refuse the chain's. When the first two
 * disagree, every endpoint is asked, with the block one higher: the block a
 * majority names is final and the lone endpoint's is `orphaned`, which the
 * verifier refuses as `BLOCK_NOT_CANONICAL`, so the watcher reads that height
 * again from another endpoint and demotes the one still serving the refused block
 * (`startRefusedBlockRereads`).
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
      const named = readers.map((reader, i) => ({ reader, name: chain.names?.[i] ?? `endpoint ${i}` }))
      const needed = Math.min(2, readers.length)
      const answers = await readHashesAt(named, number, needed)
      const first = judgeConfirmedBlock({ hash, answers, needed })
      if (first.status !== 'pending' || first.code !== 'FINALITY_ENDPOINTS_DISAGREE') return first
      return judgeConfirmedBlock({ hash, answers: await readEveryEndpointAt(named, number), needed })
    },
  }
}

type NamedReader = { reader: CanonicalChainReader; name: string }

/**
 * The hashes the first `needed` endpoints that answer name at `number`, in order. An endpoint down or without the
 * block is passed over; when none answers, its failure is thrown (the verifier retries), as a lone endpoint's was.
 */
async function readHashesAt(
  readers: readonly NamedReader[],
  number: bigint,
  needed: number,
): Promise<EndpointAnswer[]> {
  const answers: EndpointAnswer[] = []
  let last: unknown
  for (const { reader, name } of readers) {
    if (answers.length >= needed) break
    try {
      const block = await reader.getBlock({ blockNumber: number })
      if (block.hash) answers.push({ endpoint: name, hash: block.hash })
    } catch (error) {
      // Down, stalled or behind: the next endpoint may answer.
      last = error
    }
  }
  if (answers.length === 0 && last !== undefined) throw last
  return answers
}

/**
 * Every endpoint's block at `number` with the parent its block at `number + 1` names (only on a disagreement: two
 * reads per endpoint). An endpoint that fails either read adds no vote; the others still may decide.
 */
async function readEveryEndpointAt(readers: readonly NamedReader[], number: bigint): Promise<EndpointAnswer[]> {
  const read = async ({ reader, name }: NamedReader): Promise<EndpointAnswer | undefined> => {
    const [block, child] = await Promise.all([
      reader.getBlock({ blockNumber: number }),
      reader.getBlock({ blockNumber: number + 1n }).catch(() => undefined),
    ]).catch(() => [undefined, undefined] as const) // down, stalled or behind: no word from it
    if (!block?.hash) return undefined
    return { endpoint: name, hash: block.hash, childParent: child?.parentHash ?? undefined }
  }
  const answers = await Promise.all(readers.map(read))
  return answers.filter((a) => a !== undefined)
}
