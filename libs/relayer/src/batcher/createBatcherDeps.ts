import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { batchDestination } from '../batch/batchDestination.js'
import type { BatchDomain } from '../batch/batchHeader.js'
import type { BatcherDeps, BatcherOptions } from './BatcherDeps.js'
import { createBatcherMesh } from './createBatcherMesh.js'
import { createBatcherStore } from './createBatcherStore.js'

/**
 * The batcher's deps and options from the relayer's context: the composition edge (`startBatcher`, and the
 * integration tests that drive one step against Postgres and NATS).
 *
 * @example
 * const { deps, options } = createBatcherDeps(ctx)
 * await sealNextBatch(deps, options, batchDestination(ctx, destination))
 */
export function createBatcherDeps(ctx: RelayerContext): { deps: BatcherDeps; options: BatcherOptions } {
  const domains = new Map<number, BatchDomain>()
  for (const destination of ctx.chains.keys()) domains.set(destination, batchDestination(ctx, destination).domain)
  const deps: BatcherDeps = {
    account: ctx.account,
    store: createBatcherStore(ctx.db),
    mesh: createBatcherMesh(ctx.bus, ctx.catalogue),
    domains,
    readInboxTip: async (destination) => {
      const target = batchDestination(ctx, destination)
      const inbox = { address: target.domain.inbox, abi: settlementInboxAbi } as const
      const [batchIndex, previousBatchHash] = await Promise.all([
        target.chain.client.readContract({ ...inbox, functionName: 'nextBatchIndex' }),
        target.chain.client.readContract({ ...inbox, functionName: 'lastBatchHash' }),
      ])
      return { batchIndex, previousBatchHash }
    },
    logger: ctx.logger,
    clock: ctx.clock,
    tracing: ctx.telemetry,
  }
  const { batch, threshold, relayerId, proposers, relayers } = ctx.config
  return { deps, options: { batch, threshold, relayerId, proposers, relayers } }
}
