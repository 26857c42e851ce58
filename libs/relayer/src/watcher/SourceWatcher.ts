/** Where and until when a source watcher watches. */
export type WatchSourceParameters = {
  /** The origin's domain, of the watcher's kind. */
  origin: number
  signal: AbortSignal
}

/**
 * A kind of source chain as the watcher sees it (EVM: blocks at the origin's finality over ranked endpoints; Solana:
 * finalized slots and the committee's signed commitments): it follows one origin from a cursor persisted in Postgres,
 * decodes what the chain holds for the Outbox into bundle parts of the one wire form, and publishes them to this
 * relayer's bundle stream. The verifying side of the same kind is its `SourceChain` (verifier/SourceChain.ts), in
 * the verifier's process. The watcher service starts every origin through this interface (`loadSourceWatchers`).
 */
export type SourceWatcher = {
  /** Watches until `signal` aborts; `done` rejects when the watching stops on a fatal error. */
  watch(p: WatchSourceParameters): { done: Promise<void> }
}
