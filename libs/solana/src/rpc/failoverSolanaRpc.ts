import type { SolanaRpcRequest } from './fetchOutboxSlot.js'

/**
 * JSON-RPC error codes by which a Solana node says it cannot answer now (it is behind or unhealthy), not that the
 * answer is an error: -32005 node unhealthy / behind.
 */
const NODE_UNHEALTHY = new Set([-32005])

/**
 * Whether a request failure is the endpoint's (connection refused or reset, timeout, HTTP 429 or 5xx, an unhealthy
 * node): another endpoint may answer.
 */
export function isEndpointFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  // A timeout or abort first: fetch's DOMException carries a numeric legacy `code` of its own.
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true
  const code = (error as Error & { code?: unknown }).code // reason: httpSolanaRpc and fetch put the code on the Error
  if (typeof code === 'number') return code === 429 || (code >= 500 && code < 600) || NODE_UNHEALTHY.has(code)
  // fetch rejects with a TypeError ('fetch failed') for a refused or reset connection; node:http with a string code
  // (ECONNRESET).
  return error instanceof TypeError || typeof code === 'string'
}

/**
 * One request function over several endpoints, as viem's `fallback` does for EVM: each request goes to the first
 * endpoint, and to the next one when the one before fails as an endpoint fails (`isEndpointFailure`); a JSON-RPC error
 * that is the answer (a skipped slot, a bad parameter) is returned at once. Each request starts again at the first, so
 * a recovered primary is used again at once.
 *
 * @example
 * const request = failoverSolanaRpc([httpSolanaRpc(primary), httpSolanaRpc(backup)])
 * await request('getSlot', [{ commitment: 'finalized' }])
 */
export function failoverSolanaRpc(endpoints: readonly SolanaRpcRequest[]): SolanaRpcRequest {
  if (endpoints.length === 0) throw new RangeError('failoverSolanaRpc needs at least one endpoint')
  if (endpoints.length === 1) return endpoints[0] as SolanaRpcRequest // reason: length checked
  return async (method, params) => {
    let last: unknown
    for (const endpoint of endpoints) {
      try {
        return await endpoint(method, params)
      } catch (error) {
        if (!isEndpointFailure(error)) throw error
        last = error
      }
    }
    throw last
  }
}
