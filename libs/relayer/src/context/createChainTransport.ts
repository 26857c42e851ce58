import { fallback, http, type Transport } from 'viem'
import type { EvmChainConfig } from '../config/relayerConfigSchema.js'

export type CreateChainTransportParameters = Pick<EvmChainConfig, 'rpcUrl' | 'fallbackRpcUrls'> & {
  fetchFn: typeof fetch
  /**
   * Retries of a lone URL (default 2). An endpoint that a caller fails over from itself (`createEndpointRotation`)
   * takes 0, so a stalled node costs one timeout, not three, before the next is asked.
   */
  retryCount?: number | undefined
}

/**
 * The transport a relayer reads and writes one EVM chain with: `rpcUrl`, and when `fallbackRpcUrls` are
 * configured, those in order whenever the one before fails (connection reset, timeout, HTTP 429 or 5xx),
 * as viem's `fallback` does. bench:mesh --faults made one relayer's endpoint stall, drop, answer 503 and
 * rate-limit: with one URL the relayer can only wait the outage out.
 *
 * @example
 * const transport = createChainTransport({
 *   rpcUrl: 'https://a.example',
 *   fallbackRpcUrls: ['https://b.example'],
 *   fetchFn,
 * })
 */
export function createChainTransport(p: CreateChainTransportParameters): Transport {
  const one = (url: string) =>
    http(url, { batch: false, retryCount: p.fallbackRpcUrls.length ? 0 : (p.retryCount ?? 2), fetchFn: p.fetchFn })
  if (p.fallbackRpcUrls.length === 0) return one(p.rpcUrl)
  // rank: false keeps the operator's order; each request starts again at the first URL, so a recovered primary is used
  // again at once.
  return fallback([p.rpcUrl, ...p.fallbackRpcUrls].map(one), { rank: false, retryCount: 1 })
}
