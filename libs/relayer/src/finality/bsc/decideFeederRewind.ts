import type { ParliaFeederOptions } from './ParliaFeederDeps.js'
import { rewindFeederCursor, type FeederCursor } from './rewindFeederCursor.js'

/**
 * Where the feeder goes on from after the light client refused the header at `refusedAt`: before the run that held
 * it. The light client refused that whole run, so its headers before the refused one must be fed again as well: runs
 * are at most `headersPerMessage` long (never before block 1), and headers it already holds are applied again
 * unchanged. Undefined when there is nothing to rewind (`rewindFeederCursor`).
 *
 * @example
 * decideFeederRewind({ cursor: { blockNumber: 200n, blockHash }, refusedAt: 100n }, { headersPerMessage: 64 })
 * // { blockNumber: 36n, blockHash: null }
 */
export function decideFeederRewind(
  state: { cursor: FeederCursor | null; refusedAt: bigint },
  opts: Pick<ParliaFeederOptions, 'headersPerMessage'>,
): FeederCursor | undefined {
  const runStart = state.refusedAt - BigInt(opts.headersPerMessage) + 1n
  return rewindFeederCursor(state.cursor, runStart > 1n ? runStart : 1n)
}
