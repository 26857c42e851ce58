import type { EndpointStanding } from './rankEndpoints.js'

export type DemoteEndpointOptions = {
  /** How long an endpoint is avoided after its first strike (ms); each further strike doubles it. */
  demoteMs: number
  /** The longest an endpoint is avoided at once (ms). */
  maxDemoteMs: number
}

export const defaultDemoteEndpointOptions: DemoteEndpointOptions = { demoteMs: 5 * 60_000, maxDemoteMs: 60 * 60_000 }

/**
 * The standings after endpoint `endpoint` served a block the verifier refused (not the finalized canonical one) or
 * answers that do not fit together: it gets a strike and is avoided for `demoteMs`, doubled per earlier strike up to
 * `maxDemoteMs`, from `now`. An endpoint that keeps lying is avoided longer each time; one that lied once comes back.
 * A strike while already demoted extends from `now`, never shortens.
 *
 * @example
 * const next = demoteEndpoint(standings, { endpoint: 0, now: clock.now() })
 */
export function demoteEndpoint(
  standings: readonly EndpointStanding[],
  p: { endpoint: number; now: number },
  options: DemoteEndpointOptions = defaultDemoteEndpointOptions,
): EndpointStanding[] {
  return standings.map((s, i) => {
    if (i !== p.endpoint) return s
    const forMs = Math.min(options.maxDemoteMs, options.demoteMs * 2 ** Math.min(s.strikes, 30))
    const until = p.now + forMs
    return { strikes: s.strikes + 1, demotedUntil: Math.max(until, s.demotedUntil ?? 0) }
  })
}
