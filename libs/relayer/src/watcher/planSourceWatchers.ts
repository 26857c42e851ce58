import type { BundleSource } from '../bundle/BundleWire.js'

/** The configured source chains by kind: EVM chains (also destinations) and Solana sources. */
export type SourceWatcherConfig = {
  chains: ReadonlyArray<{ domain: number }>
  solana: ReadonlyArray<{ domain: number }>
}

/** One origin to watch, with the kind of source chain that watches it. */
export type PlannedSourceWatcher = { origin: number; source: BundleSource }

/**
 * The origins a watcher process watches, each with its kind: the ones `origins` names (default every configured
 * source chain), EVM ones first. An origin that is no Solana source is watched as an EVM chain, whose watcher refuses
 * one it does not know (`CONFIG_INVALID`).
 *
 * @example
 * planSourceWatchers({ chains: [{ domain: 1 }], solana: [{ domain: 900 }] })
 * // [{ origin: 1, source: 'evm' }, { origin: 900, source: 'solana' }]
 */
export function planSourceWatchers(config: SourceWatcherConfig, origins?: readonly number[]): PlannedSourceWatcher[] {
  const isSolana = (origin: number) => config.solana.some((s) => s.domain === origin)
  const evm = (origins ?? config.chains.map((c) => c.domain)).filter((origin) => !isSolana(origin))
  const solana = config.solana.map((s) => s.domain).filter((origin) => !origins || origins.includes(origin))
  return [
    ...evm.map((origin): PlannedSourceWatcher => ({ origin, source: 'evm' })),
    ...solana.map((origin): PlannedSourceWatcher => ({ origin, source: 'solana' })),
  ]
}
