import type { Address, PublicClient } from 'viem'

/**
 * One EVM chain the client talks to: a viem public client and the relaymesh
 * contracts deployed on it. The key in `chains` is the chain's domain (its EVM chain id).
 *
 * @example
 * const bsc: BridgeChainConfig = { publicClient, outbox: '0x…', inbox: '0x…', token: '0x…' }
 */
export type BridgeChainConfig = {
  publicClient: PublicClient
  /** The Outbox messages are dispatched through. */
  outbox: Address
  /** The SettlementInbox messages to this chain settle into and execute from. */
  inbox: Address
  /** The CrossChainToken router, for `sendToken`. */
  token?: Address | undefined
}

/**
 * The relayer API: its base URL, or the URL with a custom `fetch` (proxies,
 * tests) and a per-request timeout (default 10 s).
 *
 * @example
 * const api: BridgeApiConfig = { baseUrl: 'https://relayer.example.org', timeoutMs: 5_000 }
 */
export type BridgeApiConfig =
  string | { baseUrl: string; fetch?: typeof fetch | undefined; timeoutMs?: number | undefined }

/**
 * Parameters of `createBridgeClient`.
 *
 * @example
 * const parameters: CreateBridgeClientParameters = { chains: { 1: ethereum, 56: bsc }, api: 'http://127.0.0.1:8080' }
 */
export type CreateBridgeClientParameters = {
  chains: Record<number, BridgeChainConfig>
  api: BridgeApiConfig
}

/**
 * What every action takes first: the configured chains and the resolved API endpoint.
 *
 * @example
 * const client: BridgeClient = createBridgeClient({ chains, api })
 */
export type BridgeClient = {
  readonly chains: Readonly<Record<number, BridgeChainConfig>>
  readonly api: { readonly baseUrl: string; readonly fetch: typeof fetch; readonly timeoutMs: number }
}

/**
 * The part of a `BridgeClient` the API-reading actions use: the operator commands and dashboards that read the
 * relayer API need no chains (`createBridgeClient({ chains: {}, api })`).
 *
 * @example
 * const api: BridgeApiClient = createBridgeClient({ chains: {}, api: 'http://127.0.0.1:8080' })
 * console.log((await getStats(api)).total.executed)
 */
export type BridgeApiClient = Pick<BridgeClient, 'api'>

/** Per-request timeout of API calls when the config names none. */
export const DEFAULT_API_TIMEOUT_MS = 10_000

/**
 * A bridge client over the chains a dApp uses and one relaymesh relayer API.
 * Pure: it opens nothing; actions do the IO.
 *
 * @example
 * import { createPublicClient, http } from 'viem'
 * import { mainnet, bsc } from 'viem/chains'
 * const client = createBridgeClient({
 *   chains: {
 *     1: { publicClient: createPublicClient({ chain: mainnet, transport: http() }), outbox: '0x…', inbox: '0x…' },
 *     56: { publicClient: createPublicClient({ chain: bsc, transport: http() }), outbox: '0x…', inbox: '0x…' },
 *   },
 *   api: 'https://relayer.example.org',
 * })
 */
export function createBridgeClient(parameters: CreateBridgeClientParameters): BridgeClient {
  const api = typeof parameters.api === 'string' ? { baseUrl: parameters.api } : parameters.api
  return {
    chains: { ...parameters.chains },
    api: {
      baseUrl: api.baseUrl.replace(/\/+$/, ''),
      // Bound so that a `fetch` taken from a window keeps its receiver.
      fetch: api.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs: api.timeoutMs ?? DEFAULT_API_TIMEOUT_MS,
    },
  }
}
