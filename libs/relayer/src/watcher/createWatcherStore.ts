import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { getCursor, recordRejections, setCursor, type StoreDb } from '@relaymesh/store'
import type { EvmWatcherDeps } from './EvmWatcherDeps.js'

export const WATCHER_CURSOR = 'watcher'

/** The part of an EVM watcher's deps that lives in Postgres: its cursor and its rejections. */
export type WatcherStore = Pick<EvmWatcherDeps, 'loadCursor' | 'saveCursor' | 'recordRejections'>

/**
 * An EVM watcher's store in the relayer's Postgres database: the origin's `watcher` cursor, and rejection rows.
 *
 * @example
 * const store = createWatcherStore(ctx.db, { origin: 1 })
 */
export function createWatcherStore(db: StoreDb, p: { origin: number }): WatcherStore {
  const { origin } = p
  return {
    loadCursor: async () => {
      const row = await getCursor(db, { chain: origin, name: WATCHER_CURSOR })
      return row
        ? { number: BigInt(row.blockNumber), hash: row.blockHash ? bytesToHex(row.blockHash) : undefined }
        : undefined
    },
    saveCursor: (c) =>
      setCursor(db, { chain: origin, name: WATCHER_CURSOR, blockNumber: c.number, blockHash: hexToBytes(c.hash) }),
    recordRejections: async (rows) => {
      await recordRejections(db, rows)
    },
  }
}
