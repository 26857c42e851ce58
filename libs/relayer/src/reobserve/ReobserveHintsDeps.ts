import type { StaleUnbatchedBlock } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { ReobserveHint } from './ReobserveHint.js'

/**
 * What the reobserve hints work with, built by `createReobserveHints` from the relayer's context: the stale
 * unbatched blocks in its store and the mesh the hints go out on. A test passes in-memory ones.
 */
export type ReobserveHintsDeps = {
  /** Blocks of `destination`'s messages verified more than `olderThanMs` ago and in no batch, oldest first. */
  listStaleBlocks(p: { destination: number; olderThanMs: number; limit: number }): Promise<StaleUnbatchedBlock[]>
  /** Sends a hint to every relayer (core NATS: nobody listening loses nothing). */
  publishHint(hint: ReobserveHint): void
  logger: Logger
}

export type ReobserveHintsOptions = {
  /** A message verified this long ago and still in no batch is named (`batch.reobserveAfterMs`). */
  reobserveAfterMs: number
  /** The destinations whose queues are looked at. */
  destinations: readonly number[]
  /** The origins this relayer reads (a hint for another origin could not be acted on by anyone it knows). */
  origins: ReadonlySet<number>
}
