import { appendFinalityState, putFinalityState, type StoreDb } from '@relaymesh/store'

/**
 * Updates written as journal deltas between two whole snapshots of a light-client store. A store keeps history
 * (Parlia up to 2,048 headers and final blocks, the sync committee up to 8,192 finalized executions: megabytes of
 * JSON when full), so writing it whole on every update cost in proportion to the history kept; a delta costs what
 * one update applied. A load replays at most this many.
 */
export const FINALITY_SNAPSHOT_EVERY = 64

/** A light-client store as loaded: `version` of the stored state, `journaled` deltas written since its snapshot. */
export type LoadedFinalityStore<S> = { store: S; version: number; journaled: number }

export type SaveFinalityStoreParameters<S> = {
  chain: number
  client: string
  loaded: LoadedFinalityStore<S>
  store: S
  finalizedBlock: bigint | null
  /** The whole store (written for the first version and every {@link FINALITY_SNAPSHOT_EVERY}). */
  snapshot: () => Uint8Array
  /** What this update applied, replayed on load. */
  delta: () => Uint8Array
}

/**
 * Writes `store` as version `loaded.version + 1` (compare-and-set): a journal delta, or a whole snapshot every
 * {@link FINALITY_SNAPSHOT_EVERY}. Returns the new loaded state, or undefined when another writer got there first
 * (reload and apply again).
 *
 * @example
 * const saved = await saveFinalityStore(db, {
 *   chain,
 *   client: PARLIA_CLIENT,
 *   loaded,
 *   store,
 *   finalizedBlock,
 *   snapshot: () => encodeParliaStore(store),
 *   delta: () => encodeParliaRuns(applied),
 * })
 */
export async function saveFinalityStore<S>(
  db: StoreDb,
  p: SaveFinalityStoreParameters<S>,
): Promise<LoadedFinalityStore<S> | undefined> {
  const key = { chain: p.chain, client: p.client, finalizedBlock: p.finalizedBlock, expectedVersion: p.loaded.version }
  const snapshot = p.loaded.version === 0 || p.loaded.journaled + 1 >= FINALITY_SNAPSHOT_EVERY
  const written = snapshot
    ? await putFinalityState(db, { ...key, data: p.snapshot() })
    : await appendFinalityState(db, { ...key, delta: p.delta() })
  return written
    ? { store: p.store, version: p.loaded.version + 1, journaled: snapshot ? 0 : p.loaded.journaled + 1 }
    : undefined
}
