import { redactUrls } from '@relaymesh/errors'
import { demoteEndpoint, defaultDemoteEndpointOptions, type DemoteEndpointOptions } from './demoteEndpoint.js'
import { rankEndpoints, type EndpointStanding } from './rankEndpoints.js'

/** The JSON-RPC surface a rotation reads through (a viem client's `request` fits). */
export type RotationRpc = { request(args: { method: string; params?: unknown }): Promise<unknown> }

export type EndpointRotation = {
  /** Reads from the best-ranked endpoint, the next on any failure; throws the last failure when none answers. */
  rpc: RotationRpc
  /** Endpoint indexes in the order a read tries them now, without `avoid`. */
  ranked(avoid?: ReadonlySet<number>): number[]
  /** One endpoint on its own. */
  endpoint(index: number): RotationRpc
  /** Records that `index` served refused or inconsistent data: it is avoided for a while (`demoteEndpoint`). */
  demote(index: number): void
  /** The endpoint's URL fit for a log line: credentials, path and query (where providers put API keys) removed. */
  describe(index: number): string
}

export type CreateEndpointRotationParameters = {
  /** One client per configured RPC URL, in the operator's order. */
  endpoints: readonly RotationRpc[]
  urls: readonly string[]
  options?: DemoteEndpointOptions | undefined
}

/**
 * The thin shell over `rankEndpoints` and `demoteEndpoint` for one chain: holds the endpoints' standings and reads
 * through them in rank order. A consistent liar (an endpoint serving a forged block whose receipts, header and hash
 * agree, or a non-canonical fork) passes every check an answer can be given on its own; only the verifier's finality
 * refuses it, and the block must then be read from another endpoint, which this makes the preferred one.
 *
 * @example
 * const rotation = createEndpointRotation({ endpoints: chain.endpoints, urls }, { now: () => ctx.clock.now() })
 * await rotation.rpc.request({ method: 'eth_blockNumber' })
 */
export function createEndpointRotation(p: CreateEndpointRotationParameters, deps: { now(): number }): EndpointRotation {
  let standings: EndpointStanding[] = p.endpoints.map(() => ({ strikes: 0, demotedUntil: undefined }))
  const ranked = (avoid?: ReadonlySet<number>) => rankEndpoints({ standings, now: deps.now(), avoid })
  const endpoint = (index: number): RotationRpc => {
    const rpc = p.endpoints[index]
    if (!rpc) throw new RangeError(`no endpoint ${index} of ${p.endpoints.length}`)
    return rpc
  }
  return {
    rpc: {
      async request(args) {
        let last: unknown = new Error('no RPC endpoint configured')
        for (const i of ranked()) {
          try {
            return await endpoint(i).request(args)
          } catch (error) {
            // Down, stalled or refusing: the next endpoint may answer (as viem's fallback transport does).
            last = error
          }
        }
        throw last
      },
    },
    ranked,
    endpoint,
    demote: (index) => {
      standings = demoteEndpoint(
        standings,
        { endpoint: index, now: deps.now() },
        p.options ?? defaultDemoteEndpointOptions,
      )
    },
    describe: (index) => redactUrls(p.urls[index] ?? `endpoint ${index}`),
  }
}
