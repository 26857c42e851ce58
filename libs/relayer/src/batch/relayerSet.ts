import type { RelayerContext } from '../context/createRelayerContext.js'

/**
 * The mesh's relayer set, by lower-case address.
 *
 * @example
 * if (!relayerSet(ctx).has(signer.toLowerCase())) throw invalid('signer is not in the relayer set')
 */
export function relayerSet(ctx: Pick<RelayerContext, 'config'>): Set<string> {
  return new Set(Object.values(ctx.config.relayers).map((a) => a.toLowerCase()))
}
