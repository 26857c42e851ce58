import {
  getBatch,
  getBatchMessageIds,
  getCursor,
  getSettlementWaits,
  listBatchMessages,
  listExecutableMessages,
  markMessagesFailed,
  refuseBatch,
  transitionBatch,
  type StoreDb,
} from '@relaymesh/store'
import { findBatch } from '../batch/findBatch.js'
import { listBatchRows } from '../batch/listBatchRows.js'
import { INBOX_FOLLOWER_CURSOR } from '../follower/followInbox.js'
import type { SettlerStore } from './SettlerStore.js'

/**
 * The settler's store in the relayer's Postgres database.
 *
 * @example
 * const store = createSettlerStore(ctx.db)
 */
export function createSettlerStore(db: StoreDb): SettlerStore {
  return {
    listBatches: (p) => listBatchRows(db, p.destination, p.state, p.limit),
    findBatch: (p) => findBatch(db, p.destination, p.batchIndex),
    getBatchMessageIds: (p) => getBatchMessageIds(db, p),
    getBatchSignatures: async (p) => ((await getBatch(db, p))?.signatures ?? []).map((s) => s.signature),
    listBatchMessages: (p) => listBatchMessages(db, p),
    listExecutableMessages: (p) => listExecutableMessages(db, p),
    getSettlementWaits: (p) => getSettlementWaits(db, p),
    transitionBatch: (p) => transitionBatch(db, p),
    refuseBatch: (p) => refuseBatch(db, p),
    markMessagesFailed: (p) => markMessagesFailed(db, p),
    getInboxFollowerCursor: async (chain) =>
      (await getCursor(db, { chain, name: INBOX_FOLLOWER_CURSOR }))?.blockNumber ?? undefined,
  }
}
