import type { RelayerConfig } from '../config/relayerConfigSchema.js'

/**
 * Whether this relayer is the mesh's trace keeper: the one relayer that
 * exports the root span `relaymesh.message` of every message's trace,
 * whatever its destination and whatever the verdict (stored, or a claim its
 * verifier refused). Decided from the mesh-wide config alone (every relayer
 * holds the same `relayers`): the relayer whose id sorts first. One keeper for
 * every verdict is what makes a trace's root unique: were the keeper of a
 * stored message (say, its destination's proposer) another relayer than the
 * keeper of a refused claim, two relayers that disagree about a claim would
 * export two different roots for it. A refused claim has no proven
 * destination, so the keeper cannot depend on it.
 *
 * @example
 * if (isMessageTraceKeeper(ctx.config)) recordMessageRoots(ctx.telemetry, ...)
 */
export function isMessageTraceKeeper(config: Pick<RelayerConfig, 'relayerId' | 'relayers'>): boolean {
  return traceKeeperId(config) === config.relayerId
}

/**
 * The trace keeper's relayer id: the one that sorts first; this relayer itself when the config lists no relayer set (a
 * lone relayer).
 */
export function traceKeeperId(config: Pick<RelayerConfig, 'relayerId' | 'relayers'>): string {
  return Object.keys(config.relayers).sort()[0] ?? config.relayerId
}
