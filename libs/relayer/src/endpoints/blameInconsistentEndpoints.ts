/** How one endpoint, asked on its own, answered a read whose answers must fit together (a block, a run of headers). */
export type EndpointReadOutcome = 'consistent' | 'inconsistent' | 'unavailable'

export type EndpointRead = { endpoint: number; outcome: EndpointReadOutcome }

/**
 * The endpoints to demote after one read was asked of endpoints one by one: each that answered on its own with
 * answers that do not fit together (`RPC_DATA_INCONSISTENT`), provided another endpoint answered the same read
 * consistently. When none did, the fault is not pinned on an endpoint: every endpoint lying alike, or a header format
 * this relayer cannot hash, looks the same, and demoting all of them would change no order; the read is retried.
 * An endpoint that was only down or slow is not demoted: failover already passes over it.
 *
 * @example
 * blameInconsistentEndpoints([{ endpoint: 0, outcome: 'inconsistent' }, { endpoint: 1, outcome: 'consistent' }])
 * // [0]
 */
export function blameInconsistentEndpoints(reads: readonly EndpointRead[]): number[] {
  if (!reads.some((r) => r.outcome === 'consistent')) return []
  const blamed = reads.filter((r) => r.outcome === 'inconsistent').map((r) => r.endpoint)
  return [...new Set(blamed)]
}
