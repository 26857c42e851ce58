import type { SyntheticBlock } from '../../src/testing/syntheticBlock.js'
import { buildBlockBundleWires, type BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'

/** The watcher's binary bundle parts of every block. */
export const buildBenchWires = (o: PipelineBenchOptions, synthetic: SyntheticBlock[]): BlockBundleWire[] =>
  synthetic.flatMap(({ block, receipts }) =>
    buildBlockBundleWires({ origin: o.origin, outbox: o.outbox, block, receipts, maxBytes: 800_000, now: Date.now() }),
  )
