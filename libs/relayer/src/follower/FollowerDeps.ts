import type { Logger } from '@relaymesh/telemetry'
import type { MessageTracing } from '../tracing/MessageTracing.js'
import type { FollowerChain } from './FollowerChain.js'
import type { FollowerStore } from './FollowerStore.js'

/**
 * What the inbox follower of one destination works with, built once by `startInboxFollower` from the relayer's
 * context: the store, the destination chain's reads, a logger, a clock and the tracing of the messages' spans. A test
 * passes in-memory ones.
 */
export type FollowerDeps = {
  /** The destination chain's domain. */
  destination: number
  store: FollowerStore
  chain: FollowerChain
  logger: Logger
  clock: { now(): number }
  /** The messages' spans; messages whose trace is not sampled get none, and their traceparents are not even read. */
  tracing: MessageTracing
}
