import type { Bus, BusCatalogue } from '@relaymesh/bus'
import { redactUrls } from '@relaymesh/errors'
import type { StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerChain } from '../context/createRelayerContext.js'
import { createCompositeFinality } from './createCompositeFinality.js'
import { createConfirmationsFinality } from './createConfirmationsFinality.js'
import type { FinalityProvider } from './FinalityProvider.js'

/**
 * What the configured finality runs on: the chains (each with its finality rule, client and endpoints), the light
 * clients' store table and the stream their proofs come on, a logger and a clock.
 */
export type ConfiguredFinalityDeps = {
  chains: ReadonlyMap<number, RelayerChain>
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  logger: Logger
  clock: { now(): number }
}

/**
 * The verifier's finality from config: per origin, the light client its
 * `finality.kind` names (`parlia` for BSC, `light-client` for Ethereum's sync committee), and the confirmation-depth
 * rule for the rest. Light-client providers consume their proofs until `signal` aborts; `done` settles when they
 * stopped. The Ethereum light client adds its kind here.
 *
 * Each light client is imported when an origin configures it: the Ethereum one builds its SSZ types
 * (`@lodestar/types`, `@chainsafe/ssz`) as it loads, which a verifier without a beacon chain should not hold.
 */
export async function startConfiguredFinality(
  deps: ConfiguredFinalityDeps,
  signal: AbortSignal,
): Promise<{ provider: FinalityProvider; done: Promise<void> }> {
  const byOrigin = new Map<number, FinalityProvider>()
  const running: Promise<void>[] = []
  for (const [origin, chain] of deps.chains) {
    const finality = chain.config.finality
    if (finality.kind === 'parlia') {
      const { startParliaFinality } = await import('./bsc/startParliaFinality.js')
      const parlia = await startParliaFinality(deps, { origin, config: finality, signal })
      byOrigin.set(origin, parlia.provider)
      running.push(parlia.done)
    }
    if (finality.kind === 'light-client') {
      const { startBeaconFinality } = await import('./ethereum/startBeaconFinality.js')
      const beacon = await startBeaconFinality({ ...deps, chain }, { origin, config: finality, signal })
      byOrigin.set(origin, beacon.provider)
      running.push(beacon.done)
    }
  }
  const fallback = createConfirmationsFinality({
    chains: new Map(
      [...deps.chains].map(([domain, c]) => [
        domain,
        {
          client: c.client,
          confirmations: c.config.finality.kind === 'confirmations' ? c.config.finality.depth : 0,
          endpoints: c.endpoints,
          names: [c.config.rpcUrl, ...c.config.fallbackRpcUrls].map(redactUrls),
        },
      ]),
    ),
  })
  return { provider: createCompositeFinality({ byOrigin, fallback }), done: Promise.all(running).then(() => undefined) }
}
