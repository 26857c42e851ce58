import type { Logger } from '@relaymesh/telemetry'
import type { Address, Hex, LocalAccount } from 'viem'
import type { BatchDomain } from '../batch/batchHeader.js'
import type { MessageTracing } from '../tracing/MessageTracing.js'
import type { BatcherMesh } from './BatcherMesh.js'
import type { BatcherStore } from './BatcherStore.js'
import type { CosignOptions } from './decideCosign.js'
import type { SealOptions } from './decideSeal.js'

/** The head of a destination inbox's batch hash chain. */
export type InboxTip = { batchIndex: bigint; previousBatchHash: Hex }

/**
 * What the batcher works with, built once by `startBatcher` from the relayer's context: the store, the mesh it
 * publishes on, the relayer's account (it signs proposals and co-signatures), the destinations' domains and inbox
 * reads, a logger, a clock and the tracing of the batches' spans. A test passes in-memory ones.
 */
export type BatcherDeps = {
  account: LocalAccount
  store: BatcherStore
  mesh: BatcherMesh
  /** The EIP-712 domain of each configured destination chain; a destination not here is not served. */
  domains: ReadonlyMap<number, BatchDomain>
  /** The inbox's next batch index and last batch hash: where the first batch of a new database continues. */
  readInboxTip(destination: number): Promise<InboxTip>
  logger: Logger
  clock: { now(): number }
  /** The batches' and messages' spans; messages whose trace is not sampled get none. */
  tracing: MessageTracing
}

/** The batcher's slice of the relayer's config. */
export type BatcherOptions = {
  batch: SealOptions & CosignOptions
  /** Signatures a batch needs to be `signed`. */
  threshold: number
  relayerId: string
  /** The relayer id proposing each destination (keyed by the destination as a string). */
  proposers: Readonly<Record<string, string>>
  /** Each relayer's address by relayer id: the relayer set. */
  relayers: Readonly<Record<string, Address | string>>
}
