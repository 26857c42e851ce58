import { hexToBytes } from '@relaymesh/protocol'
import {
  checkBatchMembers,
  getBatch,
  getBatchMessageIds,
  getOldestUnbatchedAt,
  listUnbatchedMessages,
  recordRejections,
  refuseBatch,
  storeBatchSignatures,
  transitionBatch,
  type StoreDb,
} from '@relaymesh/store'
import { findBatch } from '../batch/findBatch.js'
import { latestBatch } from '../batch/latestBatch.js'
import { reopenedBatch } from '../batch/reopenedBatch.js'
import { traceparentsOf } from '../batch/traceparentsOf.js'
import type { BatcherStore } from './BatcherStore.js'
import { recordProposal } from './sealNextBatch.js'

/**
 * The batcher's store in the relayer's Postgres database.
 *
 * @example
 * const store = createBatcherStore(ctx.db)
 */
export function createBatcherStore(db: StoreDb): BatcherStore {
  return {
    latestBatch: (destination) => latestBatch(db, destination),
    reopenedBatch: (destination) => reopenedBatch(db, destination),
    findBatch: (at) => findBatch(db, at.destination, at.batchIndex),
    getBatchSignatures: (at) => getBatch(db, at),
    getBatchMessageIds: (at) => getBatchMessageIds(db, at),
    listUnbatchedMessages: (p) => listUnbatchedMessages(db, p),
    getOldestUnbatchedAt: (destination) => getOldestUnbatchedAt(db, { destination }),
    traceparentsOf: (ids) => traceparentsOf(db, ids),
    checkBatchMembers: (p) => checkBatchMembers(db, p),
    recordProposal: (proposal) => recordProposal({ db }, proposal),
    storeSignature: async (s) => {
      await storeBatchSignatures(db, {
        destination: s.destination,
        batchIndex: s.batchIndex,
        batchHash: hexToBytes(s.batchHash),
        signatures: [{ signer: hexToBytes(s.signer), signature: hexToBytes(s.signature) }],
      })
    },
    promoteBatch: async (at) => {
      await transitionBatch(db, { ...at, to: 'signed' })
    },
    refuseBatch: async (p) => {
      await refuseBatch(db, p)
    },
    recordRejections: async (rows) => {
      await recordRejections(db, rows)
    },
  }
}
