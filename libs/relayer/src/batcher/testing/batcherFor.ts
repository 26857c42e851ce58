import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { BatcherDeps, BatcherOptions } from '../BatcherDeps.js'
import { createBatcherDeps } from '../createBatcherDeps.js'

/**
 * The batcher's deps and options over a test relayer's context, as the first two arguments of a batcher step.
 *
 * @example
 * assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'signed')
 */
export function batcherFor(ctx: RelayerContext): [BatcherDeps, BatcherOptions] {
  const { deps, options } = createBatcherDeps(ctx)
  return [deps, options]
}
