// Test-only: a relayer whose source chain's first endpoint is a consistent liar (its own fork, hashes and receipts
// roots recomputed), with honest endpoints after it, for the consistent-liar end-to-end tests.
import assert from 'node:assert/strict'
import { startRpcProxy, type RpcProxy } from '@relaymesh/devnet'
import { startWatcherHarness, type WatcherHarness } from './startWatcherHarness.js'

export type ConsistentLiarHarness = WatcherHarness & {
  /** The first endpoint, forging its own chain (`forge-chain`). */
  liar: RpcProxy
  /** The first fallback, passing the chain through. */
  honest: RpcProxy
  /** A second honest fallback, when asked for. */
  second: RpcProxy | undefined
  /** The source chain's own RPC URL, behind the proxies. */
  sourceUrl: string
}

/**
 * Starts the watcher harness with the `source` chain's endpoints replaced by the liar, then one honest proxy (two
 * with `secondHonest`), then the chain's own fallbacks. `close` stops the harness and the proxies.
 */
export async function startConsistentLiarHarness(
  p: Pick<Parameters<typeof startWatcherHarness>[0], 'ethereumFinality' | 'bscFinality'> & {
    source: 'ethereum' | 'bsc'
    secondHonest?: boolean | undefined
  },
): Promise<ConsistentLiarHarness> {
  const proxies: RpcProxy[] = []
  const proxy = async (target: string) => {
    const started = await startRpcProxy({ target })
    proxies.push(started)
    return started
  }
  const stopProxies = () => Promise.all(proxies.map((x) => x.stop()))
  let endpoints: Pick<ConsistentLiarHarness, 'liar' | 'honest' | 'second' | 'sourceUrl'> | undefined
  const harness = await startWatcherHarness({
    blockTime: 0.25,
    logLevel: 'silent',
    ethereumFinality: p.ethereumFinality,
    bscFinality: p.bscFinality,
    prepare: async (relayer, mesh) => {
      const source = relayer.config.chains.find((chain) => chain.domain === mesh.bridges[p.source].domain)
      assert.ok(source)
      const liar = await proxy(source.rpcUrl)
      const honest = await proxy(source.rpcUrl)
      const second = p.secondHonest ? await proxy(source.rpcUrl) : undefined
      liar.setMode('forge-chain')
      const fallbacks = second ? [honest.url, second.url] : [honest.url]
      relayer.config.chains = relayer.config.chains.map((chain) =>
        chain === source
          ? { ...chain, rpcUrl: liar.url, fallbackRpcUrls: [...fallbacks, ...chain.fallbackRpcUrls] }
          : chain,
      )
      endpoints = { liar, honest, second, sourceUrl: source.rpcUrl }
    },
  }).catch(async (error: unknown) => {
    await stopProxies()
    throw error
  })
  assert.ok(endpoints, 'the harness prepared the endpoints')
  return {
    ...harness,
    ...endpoints,
    close: async () => {
      await harness.close()
      await stopProxies()
    },
  }
}
