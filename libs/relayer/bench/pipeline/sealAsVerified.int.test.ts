// The overlapped run's batcher against Postgres: it seals what is verified as it arrives (full batches at once, the
// tail by age), stops once every message is batched, and fails instead of hanging when one never arrives; the
// exactly-once check fails loudly on a message left out.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { countMessagesByState, createDb, insertBundle, migrate, type CreateDbReturnType } from '@relaymesh/store'
import { defaultSealOptions } from '../../src/batcher/decideSeal.js'
import { createTestDatabases, waitUntil } from '../../src/testing/testInfra.js'
import { assertBatchedOnce } from './assertBatchedOnce.js'
import { assignBenchBatch } from './assignBenchBatch.js'
import { sealAsVerified } from './sealAsVerified.js'

const bytes32 = (label: string) => createHash('sha256').update(label).digest()
const batch = { ...defaultSealOptions, maxMessages: 4, maxAgeMs: 40 }

describe('sealAsVerified and assertBatchedOnce', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let store: CreateDbReturnType
  let ctx: { db: CreateDbReturnType['db']; clock: { now(): number } }
  before(async () => {
    dbs = await createTestDatabases(['seal'])
    store = createDb({ connectionString: dbs.url('seal'), max: 4 })
    await migrate(store.db)
    ctx = { db: store.db, clock: { now: () => Date.now() } }
  })
  after(async () => {
    await store?.close()
    await dbs?.drop()
  })

  /** Stores `count` verified messages to `destination`, in a block of their own. */
  const storeVerified = async (label: string, destination: number, count: number) => {
    const messages = Array.from({ length: count }, (_, i) => ({
      id: bytes32(`message:${label}:${i}`),
      destination,
      nonce: BigInt(i),
      sender: bytes32('s'),
      recipient: bytes32('r'),
      gasLimit: 1,
      payload: Buffer.from(`${label}:${i}`),
      sourceTxHash: bytes32(`tx:${label}`),
      logIndex: i,
      state: 'verified' as const,
    }))
    const block = {
      origin: 31337,
      number: 1n,
      hash: bytes32(`block:${label}`),
      parentHash: bytes32('p'),
      state: 'verified' as const,
    }
    await insertBundle(store.db, { block, verification: 'confirmations', messages })
  }

  it('seals messages as they arrive, full batches and then the tail by age, each message once', async () => {
    await storeVerified('first', 10, 6)
    const sealing = sealAsVerified(ctx, { destination: 10, total: 10, batch })
    // The first full batch is sealed before the rest arrives.
    await waitUntil(
      async () => ((await countMessagesByState(store.db, { destination: 10 })).batched >= 4 ? true : undefined),
      'the first full batch',
      60_000,
      20,
    )
    await storeVerified('second', 10, 4)
    const batches = await sealing
    // 4 + 2 by age + 4, or 4 + 4 + 2 by age: the arrivals are one transaction each.
    assert.equal(batches, 3n)
    const tally = await assertBatchedOnce(ctx, 'test run', { destination: 10, total: 10 })
    assert.deepEqual(tally, { messages: 10, batched: 10, leaves: 10, claimed: 10, mismatchedBatches: 0 })
  })

  it('fails loudly when a published message never arrives, instead of waiting for it', async () => {
    await storeVerified('short', 11, 3)
    await assert.rejects(sealAsVerified(ctx, { destination: 11, total: 5, batch, stallMs: 300 }), /nothing sealed/)
    await assert.rejects(assertBatchedOnce(ctx, 'test run', { destination: 11, total: 5 }), /3 of 5 messages batched/)
  })

  it('fails loudly when a stored message is in no batch', async () => {
    await storeVerified('left', 12, 3)
    const ids = [bytes32('message:left:0'), bytes32('message:left:1')]
    await assignBenchBatch(ctx, 12, undefined, ids)
    await assert.rejects(
      assertBatchedOnce(ctx, 'test run', { destination: 12, total: 3 }),
      /test run: not every message in exactly one batch: 2 of 3 messages batched; batches claim 2 messages/,
    )
  })
})
