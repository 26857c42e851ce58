import {
  assignBatch,
  checkBatchMembers,
  getCursor,
  listBatchTraceparents,
  listExecutedTraces,
  listFailedByTx,
  listMessageAttempts,
  markMessagesExecuted,
  markMessagesFailed,
  recordRejections,
  refuseBatch,
  setCursor,
  settleBatch,
  transitionBatch,
  type StoreDb,
} from '@relaymesh/store'
import { findBatch } from '../batch/findBatch.js'
import type { FollowerStore } from './FollowerStore.js'
import { INBOX_FOLLOWER_CURSOR } from './followInbox.js'

/**
 * The inbox follower's store in the relayer's Postgres database.
 *
 * @example
 * const store = createFollowerStore(ctx.db)
 */
export function createFollowerStore(db: StoreDb): FollowerStore {
  return {
    getInboxFollowerCursor: async (chain) =>
      (await getCursor(db, { chain, name: INBOX_FOLLOWER_CURSOR }))?.blockNumber ?? null,
    setInboxFollowerCursor: (p) => setCursor(db, { ...p, name: INBOX_FOLLOWER_CURSOR }),
    findBatch: (p) => findBatch(db, p.destination, p.batchIndex),
    transitionBatch: (p) => transitionBatch(db, p),
    refuseBatch: (p) => refuseBatch(db, p),
    settleBatch: (p) => settleBatch(db, p),
    checkBatchMembers: (p) => checkBatchMembers(db, p),
    assignBatch: (p) => assignBatch(db, p),
    recordRejections: (rows) => recordRejections(db, rows),
    listBatchTraceparents: (p) => listBatchTraceparents(db, p),
    markMessagesExecuted: (p) => markMessagesExecuted(db, p),
    listExecutedTraces: (p) => listExecutedTraces(db, p),
    listFailedByTx: (p) => listFailedByTx(db, p),
    markMessagesFailed: (p) => markMessagesFailed(db, p),
    listMessageAttempts: (p) => listMessageAttempts(db, p),
  }
}
