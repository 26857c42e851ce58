import type { Logger } from '@relaymesh/telemetry'
import type { RejectionInput } from '@relaymesh/store'
import type { Hex } from 'viem'
import type { BlockBundleWire } from './buildBlockBundleWires.js'

/** The JSON-RPC surface the watcher needs (a viem client's `request` fits). */
export type WatcherRpc = { request(args: { method: string; params?: unknown }): Promise<unknown> }

/** A chain's endpoints one by one (an `EndpointRotation` fits): their order now, each alone, and demotion. */
export type WatcherEndpoints = {
  ranked(): number[]
  endpoint(index: number): WatcherRpc
  /** Avoids the endpoint for a while: it answered a read inconsistently. */
  demote(index: number): void
  /** The endpoint's URL fit for a log line (no credentials, path or query). */
  describe(index: number): string
}

export type WatcherCursor = { number: bigint; hash: Hex | undefined }

export type EvmWatcherOptions = {
  origin: number
  /** Lower-case Outbox address. */
  outbox: Hex
  confirmations: number
  startBlock: bigint
  maxBlocksPerPoll: number
  pollIntervalMs: number
  /** The pause while a head subscription is live (`decidePollDelay`): a fallback, since each new block wakes it. */
  idlePollMs: number
  /** How long the stored cursor may trail over blocks with no message (`decideCursorSave`); 0 stores every poll. */
  maxCursorLagMs: number
  /** How far to rewind when the chain reorganised below the finality depth. */
  maxReorgDepth: number
  maxBundleBytes: number
  /** Blocks read (header, receipts, proofs) at once; they are published in chain order. */
  fetchConcurrency: number
}

export type EvmWatcherDeps = {
  rpc: WatcherRpc
  /**
   * The chain's endpoints each on its own, by rank: a block whose answers disagree with its header
   * (`RPC_DATA_INCONSISTENT`, a lying or broken node) is read again from each until one answers it consistently, and
   * those that answered it inconsistently are demoted (`readBlockParts`).
   */
  endpoints?: WatcherEndpoints | undefined
  loadCursor(): Promise<WatcherCursor | undefined>
  saveCursor(cursor: { number: bigint; hash: Hex }): Promise<void>
  /**
   * Publishes a block's parts (binary wire form); resolves once JetStream stored them. `reobserved`: parts read again
   * for a hint (`startReobserver`), published past the dedup of their first publish and marked so.
   */
  publish(parts: BlockBundleWire[], options?: { reobserved?: boolean }): Promise<void>
  /**
   * Stores rejection rows: every message of a part that cannot be published (one receipt whose proof alone exceeds
   * `maxBundleBytes`, `oversizedPartRejections`) is rejected with `RECEIPT_TOO_LARGE`: never verified, never settled,
   * and the chain goes on.
   */
  recordRejections(rows: readonly RejectionInput[]): Promise<void>
  /** Starts a message's trace at observation; returns its traceparent. */
  observe(messageId: Hex, block: { number: bigint; hash: Hex }): string | undefined
  logger: Logger
  now(): number
  /**
   * Resolves after `ms`, at once when `signal` aborts, or earlier on a new head when a subscription is live (the real
   * one is a timer and a `HeadSignal` sleeper; a test's records the pause).
   */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /** True while a new block ends `sleep` at once (a `newHeads` subscription is open); absent: polling only. */
  wakeLive?(): boolean
}
