import {
  createPublicClient,
  createWalletClient,
  defineChain,
  type Chain,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import type { EvmChainConfig } from '../config/relayerConfigSchema.js'
import { createChainTransport } from './createChainTransport.js'
import { createRpcFetch } from './createRpcFetch.js'

export type RelayerChain = {
  config: EvmChainConfig
  chain: Chain
  client: PublicClient<Transport, Chain>
  wallet: WalletClient<Transport, Chain, LocalAccount>
  /**
   * Each configured RPC URL on its own (no failover, no retry when there are several: the reader fails over), in
   * order: the watcher reads through them by rank (`createEndpointRotation`) and reads a block again from another
   * node when one lies.
   */
  endpoints: PublicClient<Transport, Chain>[]
}

/**
 * The relayer's clients of each configured EVM chain, by domain: reads with failover across its RPC URLs, one
 * client per URL, and a wallet signing with `account`. All share one keep-alive HTTP agent per host.
 *
 * @example
 * const chains = createRelayerChains(config.chains, account)
 */
export function createRelayerChains(
  configs: readonly EvmChainConfig[],
  account: LocalAccount,
): Map<number, RelayerChain> {
  const chains = new Map<number, RelayerChain>()
  const fetchFn = createRpcFetch() as typeof fetch // reason: viem reads only what RpcResponse has
  for (const chainConfig of configs) {
    const urls = [chainConfig.rpcUrl, ...chainConfig.fallbackRpcUrls]
    const chain = defineChain({
      id: chainConfig.domain,
      name: chainConfig.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: urls } },
    })
    const transport = createChainTransport({
      rpcUrl: chainConfig.rpcUrl,
      fallbackRpcUrls: chainConfig.fallbackRpcUrls,
      fetchFn,
    })
    chains.set(chainConfig.domain, {
      config: chainConfig,
      chain,
      client: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 }),
      endpoints: urls.map((rpcUrl) =>
        createPublicClient({
          chain,
          transport: createChainTransport({
            rpcUrl,
            fallbackRpcUrls: [],
            fetchFn,
            retryCount: urls.length > 1 ? 0 : undefined,
          }),
          cacheTime: 0,
        }),
      ),
      wallet: createWalletClient({ chain, transport, account }),
    })
  }
  return chains
}
