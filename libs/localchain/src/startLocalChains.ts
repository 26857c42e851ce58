import { startAnvil, type AnvilInstance, type StartAnvilParameters } from './startAnvil.js'

/** Domains (= EVM chain ids) of the local stand-ins (PROTOCOL.md "Chain identifiers"). */
export const localDomains = { ethereum: 31337, bsc: 31356 } as const

export type StartLocalChainsParameters = Omit<StartAnvilParameters, 'chainId' | 'name'>

export type LocalChains = {
  ethereum: AnvilInstance
  bsc: AnvilInstance
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts the Ethereum (31337) and BSC (31356) stand-ins in parallel.
 *
 * @example
 * await using chains = await startLocalChains()
 * await chains.bsc.publicClient.getChainId() // 31356
 */
export async function startLocalChains(parameters: StartLocalChainsParameters = {}): Promise<LocalChains> {
  const results = await Promise.allSettled([
    startAnvil({ ...parameters, chainId: localDomains.ethereum, name: 'Ethereum (local)' }),
    startAnvil({ ...parameters, chainId: localDomains.bsc, name: 'BSC (local)' }),
  ])
  const [ethereum, bsc] = results
  if (ethereum.status === 'rejected' || bsc.status === 'rejected') {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)))
    // reason: one of the two rejected
    throw ethereum.status === 'rejected' ? ethereum.reason : (bsc as PromiseRejectedResult).reason
  }
  const stop = async () => {
    await Promise.all([ethereum.value.stop(), bsc.value.stop()])
  }
  return { ethereum: ethereum.value, bsc: bsc.value, stop, [Symbol.asyncDispose]: stop }
}
