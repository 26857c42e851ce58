import type { RelayerContext } from '../context/createRelayerContext.js'
import { batchDestination, type BatchDestination } from './batchDestination.js'

/**
 * Destinations this relayer proposes batches for (`config.proposers[dest] === relayerId`).
 *
 * @example
 * for (const target of proposedDestinations(ctx)) await sealNextBatch(ctx, target)
 */
export function proposedDestinations(ctx: Pick<RelayerContext, 'config' | 'chains'>): BatchDestination[] {
  return Object.entries(ctx.config.proposers)
    .filter(([, relayerId]) => relayerId === ctx.config.relayerId)
    .map(([destination]) => batchDestination(ctx, Number(destination)))
}
