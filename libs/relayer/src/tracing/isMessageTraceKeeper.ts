import type { RelayerConfig } from '../config/relayerConfigSchema.js'

/**
 * Whether this relayer exports the root span of messages bound for
 * `destination`. Exactly one relayer of the mesh does, decided from the
 * mesh-wide config alone (every relayer holds the same `proposers` and
 * `relayers`): the destination's proposer, else (no proposer configured) the
 * relayer whose id sorts first. The proposer because it is already the one
 * relayer the destination cannot progress without (no failover): tying the
 * root to it adds no new way for a trace to break. A claim refused by
 * verification has no proven destination (`undefined`): its root is kept by
 * the relayer whose id sorts first.
 *
 * @example
 * if (isMessageTraceKeeper(ctx.config, destination)) recordMessageRoots(ctx.telemetry, ...)
 */
export function isMessageTraceKeeper(config: Pick<RelayerConfig, 'relayerId' | 'proposers' | 'relayers'>, destination: number | undefined): boolean {
  const proposer = destination === undefined ? undefined : config.proposers[String(destination)]
  if (proposer !== undefined) return proposer === config.relayerId
  return firstRelayerId(config) === config.relayerId
}

/** The relayer whose id sorts first; this relayer itself when the config lists no relayer set (a lone relayer). */
export function firstRelayerId(config: Pick<RelayerConfig, 'relayerId' | 'relayers'>): string {
  return Object.keys(config.relayers).sort()[0] ?? config.relayerId
}
