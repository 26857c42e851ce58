import type { FinalityProvider, FinalityStatus } from './FinalityProvider.js'

export type CompositeFinalityOptions = {
  /**
   * Per origin domain, the provider that proves that chain's finality (Parlia for BSC, sync committee for Ethereum,
   * ...).
   */
  byOrigin: ReadonlyMap<number, FinalityProvider>
  /** For origins without their own provider (e.g. the confirmation-depth rule). */
  fallback: FinalityProvider
}

/**
 * One FinalityProvider over per-origin providers: the verifier asks it for
 * every bundle, and it routes by the bundle's origin.
 *
 * The BSC (Parlia) finality registers here; the Ethereum light-client one
 * registers its provider in `byOrigin` the same way (see
 * `startConfiguredFinality.ts`).
 *
 * @example
 * const finality = createCompositeFinality({ byOrigin: new Map([[31356, parlia]]), fallback: confirmations })
 */
export function createCompositeFinality(opts: CompositeFinalityOptions): FinalityProvider {
  return {
    check(block): Promise<FinalityStatus> {
      return (opts.byOrigin.get(block.origin) ?? opts.fallback).check(block)
    },
  }
}
