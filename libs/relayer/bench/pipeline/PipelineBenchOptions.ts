import type { Address } from 'viem'

/** One `bench:pipeline` run: its size (from the command line) and the synthetic route it runs on. */
export type PipelineBenchOptions = {
  blocks: number
  perBlock: number
  perReceipt: number
  threads: number
  batchSize: number
  /**
   * Offered load of the overlapped run in messages/s (the watcher's pace); 0 publishes as fast as JetStream takes it.
   */
  offeredRate: number
  /** The relayer's `batch.maxAgeMs`: how long the overlapped run's batcher lets a short queue wait to seal it. */
  maxAgeMs: number
  /** `blocks * perBlock`: the messages each run publishes and counts. */
  total: number
  outbox: Address
  origin: number
  destination: number
  /** The warm-up bundles' destination: verified and stored before the clock starts, never batched nor counted. */
  warmDestination: number
}
