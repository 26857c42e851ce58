// Test-only: the messages and batches the API listing and admin tests read, seeded in a throwaway database.
import {
  insertBundle,
  markMessagesFailed,
  settleBatch,
  transitionBatch,
  type CreateDbReturnType,
  type StoreDb,
} from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import {
  bytes32,
  DESTINATION,
  fakeApiChains,
  openTestStore,
  protocolMessage,
  sealTestBatch,
  startTestApi,
  TEST_ADMIN_TOKEN,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'

export const OTHER_ORIGIN = 10
/** Alice's sender: an EVM address left-padded to 32 bytes. */
export const evmSender = Buffer.concat([Buffer.alloc(12), Buffer.alloc(20, 0xab)])

/**
 * Ten messages in three bundles: four from Alice, three others (batched and settled on DESTINATION, the first of
 * them failed with RECIPIENT_REVERTED), two from OTHER_ORIGIN, and one to chain 97 (in a proposed batch).
 */
export async function seedListings(db: StoreDb) {
  const fromAlice = Array.from({ length: 4 }, (_, i) => protocolMessage(`alice:${i}`, BigInt(i), { sender: evmSender }))
  const others = Array.from({ length: 3 }, (_, i) => protocolMessage(`other:${i}`, BigInt(10 + i)))
  const otherOrigin = Array.from({ length: 2 }, (_, i) => protocolMessage(`origin10:${i}`, BigInt(20 + i)))
  const toChapel = protocolMessage('chapel', 30n, { destination: 97 })
  await insertBundle(db, {
    block: testBlock('first'),
    verification: 'light-client',
    messages: [...fromAlice.slice(0, 2), ...others],
  })
  await insertBundle(db, { block: testBlock('second', 8n), verification: 'light-client', messages: fromAlice.slice(2) })
  await insertBundle(db, {
    block: { ...testBlock('third', 9n), origin: OTHER_ORIGIN },
    verification: 'light-client',
    messages: [...otherOrigin, toChapel],
  })
  await sealTestBatch(db, { batchIndex: 0n, ids: others.map((m) => m.id), previousBatchHash: Buffer.alloc(32) })
  await transitionBatch(db, { destination: DESTINATION, batchIndex: 0n, to: 'signed' })
  await transitionBatch(db, {
    destination: DESTINATION,
    batchIndex: 0n,
    to: 'submitted',
    submitTxHash: bytes32('submit'),
  })
  await settleBatch(db, { destination: DESTINATION, batchIndex: 0n })
  await markMessagesFailed(db, { ids: [others[0]!.id], reasonCode: 'RECIPIENT_REVERTED' })
  await sealTestBatch(db, { batchIndex: 0n, ids: [toChapel.id], previousBatchHash: Buffer.alloc(32), destination: 97 })
  return { fromAlice, others, otherOrigin, toChapel }
}

export type ListingsApi = {
  store: CreateDbReturnType
  api: TestApi
  seeded: Awaited<ReturnType<typeof seedListings>>
  close: () => Promise<void>
}

/** A throwaway database seeded with `seedListings`, and an API on it with admin routes on and fake chains. */
export async function openListingsApi(): Promise<ListingsApi> {
  const store = await openTestStore()
  const seeded = await seedListings(store.db)
  const silent = createLogger({ name: 'api-test', level: 'silent' })
  const api = await startTestApi(store.db, silent, { deps: { adminToken: TEST_ADMIN_TOKEN, chains: fakeApiChains() } })
  return {
    store,
    api,
    seeded,
    close: async () => {
      await api.stop()
      await store.close()
    },
  }
}
