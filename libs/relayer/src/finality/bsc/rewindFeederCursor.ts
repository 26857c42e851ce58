export type FeederCursor = { blockNumber: bigint; blockHash: Uint8Array | null }

/**
 * Where the Parlia feeder goes on from after the light client refused the header at `refusedAt` and another endpoint
 * serves a different one there: just before it, with no hash (the run fed next is not linked to the refused fork by
 * the feeder; the light client links it to the headers it holds). Undefined when the feeder has not fed that height
 * yet, or has no cursor: it then reads it for the first time anyway.
 *
 * @example
 * rewindFeederCursor({ blockNumber: 60n, blockHash }, 40n) // { blockNumber: 39n, blockHash: null }
 */
export function rewindFeederCursor(cursor: FeederCursor | null, refusedAt: bigint): FeederCursor | undefined {
  if (!cursor || cursor.blockNumber < refusedAt || refusedAt < 1n) return undefined
  return { blockNumber: refusedAt - 1n, blockHash: null }
}
