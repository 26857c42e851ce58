import type { LoadedFinalityStore } from './saveFinalityStore.js'

export type FinalityStoreHolderDeps<S> = {
  /**
   * Reads the whole stored state (a snapshot and its journal replayed: one light-client check per journaled update).
   */
  load: () => Promise<LoadedFinalityStore<S>>
  /** The stored version (one small row), `null` before the first write. */
  readVersion: () => Promise<number | null>
}

/** A light-client store held in memory beside its stored version. */
export type FinalityStoreHolder<S> = {
  /** The held store, loaded first when none is held. */
  load(): Promise<LoadedFinalityStore<S>>
  /** Drops the held store (a save lost its compare-and-set: the next `load` reads the stored one). */
  forget(): void
  /** Tracks a save of this process: once it resolves with the saved state, that state is held. */
  save(saving: Promise<LoadedFinalityStore<S> | undefined>): Promise<LoadedFinalityStore<S> | undefined>
  /**
   * The store for a finality answer: the held one unless the stored version is newer (another replica moved it);
   * `null` before the first write. A save of this process in flight is waited for first, so the version it has
   * just committed is not taken for a newer one.
   */
  fresh(): Promise<LoadedFinalityStore<S> | null>
}

/**
 * Holds a light-client store for the finality consumer and the verifier's checks in one process. Loads are
 * shared (one at a time, whoever asks) and never replace a newer state this process saved meanwhile: a check
 * racing the consumer's own save used to reload the whole store, replaying up to 63 journaled updates (a BLS
 * check each) for nothing.
 *
 * @example
 * const holder = createFinalityStoreHolder({
 *   load: () => loadStore(ctx, p),
 *   readVersion: () => getFinalityVersion(db, key),
 * })
 * const held = await holder.fresh()
 */
export function createFinalityStoreHolder<S>(deps: FinalityStoreHolderDeps<S>): FinalityStoreHolder<S> {
  let current: LoadedFinalityStore<S> | undefined
  let loading: Promise<LoadedFinalityStore<S>> | undefined
  let saving: Promise<unknown> | undefined
  const reload = (): Promise<LoadedFinalityStore<S>> =>
    (loading ??= deps
      .load()
      .then((loaded) => {
        if (!current || loaded.version >= current.version) current = loaded
        return current
      })
      .finally(() => {
        loading = undefined
      }))
  return {
    load: async () => current ?? (await reload()),
    forget: () => {
      current = undefined
    },
    async save(p) {
      const tracked = p.then((saved) => {
        if (saved && (!current || saved.version > current.version)) current = saved
        return saved
      })
      saving = tracked
      try {
        return await tracked
      } finally {
        if (saving === tracked) saving = undefined
      }
    },
    async fresh() {
      const version = await deps.readVersion()
      if (version === null) return null
      if (saving) await saving.catch(() => undefined)
      return current && version <= current.version ? current : await reload()
    },
  }
}
