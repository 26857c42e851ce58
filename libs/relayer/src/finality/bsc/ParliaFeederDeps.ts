import type { Logger } from '@relaymesh/telemetry'
import type { EndpointRotation } from '../../endpoints/createEndpointRotation.js'
import type { ParliaHeaderRun } from './parliaHeadersCodec.js'
import type { FeederCursor } from './rewindFeederCursor.js'

export type ParliaFeederOptions = {
  origin: number
  chainId: bigint
  /** The first height fed when no cursor is stored. */
  feedFrom: bigint
  headersPerMessage: number
  pollIntervalMs: number
  /** The pause while a head subscription is live (`decidePollDelay`). */
  idlePollMs: number
}

/**
 * What a Parlia feeder works with, built once by `startParliaFeeder` from the relayer's context
 * (`createParliaFeederDeps`): the BSC endpoints, its cursor, the finality subject, a logger and timers. A test passes
 * in-memory ones.
 */
export type ParliaFeederDeps = {
  /**
   * The chain's endpoints by rank, shared with its watcher: headers are read through it, a run answered inconsistently
   * is read from each endpoint on its own, and an endpoint caught serving one is demoted for both.
   */
  rotation: Pick<EndpointRotation, 'rpc' | 'ranked' | 'endpoint' | 'demote' | 'describe'>
  /** The stored cursor (`null`: none yet). */
  loadCursor(): Promise<FeederCursor | null>
  saveCursor(cursor: FeederCursor): Promise<void>
  /** Publishes a run of headers on the origin's finality subject; `msgId` dedups a run published twice. */
  publishRun(run: ParliaHeaderRun, msgId: string): Promise<void>
  logger: Logger
  /** Resolves after `ms`, at once when `signal` aborts, or earlier on a new head when a subscription is live. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /** True while a new block ends `sleep` at once; absent: polling only. */
  wakeLive?(): boolean
}
