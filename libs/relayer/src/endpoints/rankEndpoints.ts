/**
 * What a relayer holds against one of a chain's configured RPC endpoints: how often it served a block the verifier
 * refused (or answers that did not fit together), and until when (ms) it is avoided for that.
 */
export type EndpointStanding = { strikes: number; demotedUntil: number | undefined }

export type RankEndpointsParameters = {
  /** One standing per configured endpoint, in the operator's order. */
  standings: readonly EndpointStanding[]
  now: number
  /** Endpoints left out of this read (the one that just served a refused block). */
  avoid?: ReadonlySet<number> | undefined
}

/**
 * The order in which a read tries a chain's endpoints (indexes into the configured list): every endpoint that is not
 * demoted, in the operator's order, then the demoted ones, the soonest released first. A demoted endpoint stays in the
 * list, last: when every other one is down it is still better than no answer (the verifier refuses what it cannot
 * prove, whoever served it).
 *
 * @example
 * rankEndpoints({ standings: [{ strikes: 1, demotedUntil: 60_000 }, { strikes: 0, demotedUntil: undefined }], now: 0 })
 * // [1, 0]
 */
export function rankEndpoints(p: RankEndpointsParameters): number[] {
  const demoted = (s: EndpointStanding) => s.demotedUntil !== undefined && s.demotedUntil > p.now
  const indexes = p.standings.map((_, i) => i).filter((i) => !p.avoid?.has(i))
  const trusted = indexes.filter((i) => !demoted(p.standings[i] as EndpointStanding)) // reason: i < length
  const avoided = indexes
    .filter((i) => demoted(p.standings[i] as EndpointStanding)) // reason: i < length
    .sort(
      (a, b) =>
        // reason: both are demoted, so demotedUntil is set
        (p.standings[a]?.demotedUntil as number) - (p.standings[b]?.demotedUntil as number) || a - b,
    )
  return [...trusted, ...avoided]
}
