import { isRelaymeshError } from '@relaymesh/errors'
import type { Logger } from '@relaymesh/telemetry'
import { blameInconsistentEndpoints, type EndpointRead } from './blameInconsistentEndpoints.js'
import type { EndpointRotation, RotationRpc } from './createEndpointRotation.js'

export type ReadFromEachEndpointParameters<T> = {
  /** A chain's endpoints one by one (an `EndpointRotation`, or a caller's narrower view of one). */
  endpoints: Pick<EndpointRotation, 'ranked' | 'endpoint' | 'demote' | 'describe'>
  /** The read, of one endpoint alone; throws `RPC_DATA_INCONSISTENT` when its answers do not fit together. */
  read(rpc: RotationRpc): Promise<T>
  /** The failure of the read that led here, thrown when no endpoint answers. */
  first: unknown
  logger: Logger
  /** What was read, for the log line naming an endpoint demoted (origin, block or range). */
  at: Record<string, unknown>
}

/**
 * A read answered inconsistently, asked again of each endpoint on its own by rank until one answers it consistently
 * (its answer is returned). Each endpoint whose own answers did not fit together while another's did is demoted
 * (`blameInconsistentEndpoints`) and named in the log, redacted, with the code: the next reads go elsewhere first.
 * Throws the last failure when no endpoint answers consistently (the caller retries).
 *
 * @example
 * const parts = await readFromEachEndpoint({ endpoints, read: (rpc) => readBlock(rpc, hash), first, logger, at })
 */
export async function readFromEachEndpoint<T>(p: ReadFromEachEndpointParameters<T>): Promise<T> {
  const reads: EndpointRead[] = []
  let last = p.first
  let answer: { value: T } | undefined
  for (const i of p.endpoints.ranked()) {
    try {
      answer = { value: await p.read(p.endpoints.endpoint(i)) }
      reads.push({ endpoint: i, outcome: 'consistent' })
      break
    } catch (error) {
      // This endpoint lies too or is down: the next one may answer.
      last = error
      const inconsistent = isRelaymeshError(error, 'RPC_DATA_INCONSISTENT')
      reads.push({ endpoint: i, outcome: inconsistent ? 'inconsistent' : 'unavailable' })
    }
  }
  for (const i of blameInconsistentEndpoints(reads)) {
    p.endpoints.demote(i)
    p.logger.error(
      { ...p.at, endpoint: p.endpoints.describe(i), code: 'RPC_DATA_INCONSISTENT' },
      'an RPC endpoint answered inconsistently where another answered consistently: avoided for a while',
    )
  }
  if (answer) return answer.value
  throw last
}
