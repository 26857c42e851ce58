import type { EvmWatcherOptions } from '../runEvmWatcher.js'

/** Watcher options for unit tests over fake chains: a small Outbox address, two confirmations, a 1 MiB part limit. */
export const watcherTestOptions: EvmWatcherOptions = {
  origin: 31337,
  outbox: '0x00000000000000000000000000000000000000aa',
  confirmations: 2,
  startBlock: 0n,
  maxBlocksPerPoll: 100,
  fetchConcurrency: 4,
  pollIntervalMs: 100,
  idlePollMs: 2_000,
  // Every poll stores its cursor, so tests read the watcher's progress from its store.
  maxCursorLagMs: 0,
  maxReorgDepth: 64,
  maxBundleBytes: 1 << 20,
}
