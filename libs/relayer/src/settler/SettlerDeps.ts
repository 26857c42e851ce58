import type { Logger } from '@relaymesh/telemetry'
import type { SettlerInbox } from './SettlerInbox.js'
import type { SettlerStore } from './SettlerStore.js'
import type { TxManager } from './txManager.js'

/**
 * What the settler of one destination works with, built once by `startSettler` from the relayer's context: the
 * store, the destination's inbox, the tx manager sending from the relayer key on that chain, a logger, a clock and
 * the sleep of its waits. A test passes in-memory ones.
 */
export type SettlerDeps = {
  /** The destination chain's domain. */
  destination: number
  store: SettlerStore
  inbox: SettlerInbox
  txs: TxManager
  logger: Logger
  clock: { now(): number }
  /** Resolves after `ms` (the real one is a timer; a test's moves its clock). */
  sleep(ms: number): Promise<void>
}
