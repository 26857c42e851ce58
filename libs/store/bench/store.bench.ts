// Store throughput for 100k messages on this machine: `npm run bench:store` (root).
// Env: RELAYMESH_TEST_DATABASE_URL (admin URL; a throwaway database is created and dropped),
// BENCH_MESSAGES (default 100000), BENCH_BATCH (default 2000), BENCH_EXECUTE (ids per execute tx, default 500).
import { createHash } from 'node:crypto'
import {
  assignBatch,
  insertBundle,
  listUnbatchedMessages,
  markMessagesExecuted,
  settleBatch,
  transitionBatch,
  type BundleMessage,
  type StoreDb,
} from '../src/index.js'
import { createMigratedTestDb } from '../src/testing/testDatabase.js'

const TOTAL = Number(process.env['BENCH_MESSAGES'] ?? 100_000)
const BUNDLE = 1_000
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2_000)
const EXECUTE = Number(process.env['BENCH_EXECUTE'] ?? 500)
const DESTINATION = 56

const hash = (label: string) => createHash('sha256').update(label).digest()

function bundle(
  run: string,
  b: number,
  destination: number,
): { block: Parameters<typeof insertBundle>[1]['block']; messages: BundleMessage[] } {
  const messages = Array.from({ length: BUNDLE }, (_, i): BundleMessage => ({
    id: hash(`${run}:${b}:${i}`),
    destination,
    nonce: BigInt(b * BUNDLE + i),
    sender: hash(`s${i % 50}`),
    recipient: hash(`r${i % 50}`),
    gasLimit: 200_000,
    payload: Buffer.alloc(64, i & 0xff),
    sourceTxHash: hash(`${run}:tx:${b}:${(i / 4) | 0}`),
    logIndex: i,
    state: 'verified',
    traceparent: `00-${hash(`t${i}`).toString('hex').slice(0, 32)}-${'b7ad6b7169203331'}-01`,
  }))
  return {
    block: {
      origin: 1,
      number: BigInt(b),
      hash: hash(`${run}:block:${b}`),
      parentHash: hash(`${run}:block:${b - 1}`),
      state: 'verified',
    },
    messages,
  }
}

async function timed(name: string, rows: number, fn: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await fn()
  const seconds = (performance.now() - started) / 1000
  const rate = Math.round(rows / seconds)
  console.log(
    `${name.padEnd(44)} ${String(rows).padStart(7)} rows ${seconds.toFixed(2).padStart(6)} s ` +
      `${String(rate).padStart(8)} rows/s`,
  )
  return rate
}

type Bundle = ReturnType<typeof bundle>
const makeBundles = (run: string, destination: number): Bundle[] =>
  Array.from({ length: TOTAL / BUNDLE }, (_, b) => bundle(run, b, destination))

async function insertAll(db: StoreDb, bundles: Bundle[], concurrency: number): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bundles.length) {
        const { block, messages } = bundles[next++]!
        await insertBundle(db, { block, verification: 'light-client', messages })
      }
    }),
  )
}

async function batchAll(db: StoreDb): Promise<bigint[]> {
  const indices: bigint[] = []
  let previous = Buffer.alloc(32)
  for (let index = 0n; ; index++) {
    const ids = await listUnbatchedMessages(db, { destination: DESTINATION, limit: BATCH })
    if (ids.length === 0) return indices
    const batchHash = hash(`batch:${index}`)
    await assignBatch(db, {
      destination: DESTINATION,
      batchIndex: index,
      ids,
      batchHash,
      root: hash(`root:${index}`),
      previousBatchHash: previous,
      proposer: Buffer.alloc(20, 1),
    })
    previous = batchHash
    indices.push(index)
  }
}

async function main(): Promise<void> {
  const store = await createMigratedTestDb(4)
  const { db } = store
  try {
    console.log(
      `store bench: ${TOTAL} messages, ${BUNDLE}-row bundles, ${BATCH}-message batches, ${EXECUTE} ids per execute`,
    )
    // Bundles are built before the clock starts: only the store is measured.
    const first = makeBundles('a', DESTINATION)
    const second = makeBundles('b', DESTINATION + 1)
    await timed('insertBundle (1 connection)', TOTAL, () => insertAll(db, first, 1))
    // A second destination, so batching below takes exactly the first TOTAL messages.
    await timed('insertBundle (2 connections)', TOTAL, () => insertAll(db, second, 2))
    let indices: bigint[] = []
    await timed('listUnbatched + assignBatch', TOTAL, async () => {
      indices = await batchAll(db)
    })
    for (const batchIndex of indices) {
      await transitionBatch(db, { destination: DESTINATION, batchIndex, to: 'signed' })
      await transitionBatch(db, { destination: DESTINATION, batchIndex, to: 'submitted' })
    }
    await timed('settleBatch (messages by batch)', TOTAL, async () => {
      for (const batchIndex of indices) await settleBatch(db, { destination: DESTINATION, batchIndex })
    })
    const settled = await db.$client.query<{ id: Buffer }>(
      "SELECT id FROM messages WHERE state = 'settled' ORDER BY batch_index, leaf_index",
    )
    const ids = settled.rows.map((r) => r.id)
    await timed('markMessagesExecuted (by ids)', ids.length, async () => {
      for (let i = 0; i < ids.length; i += EXECUTE)
        await markMessagesExecuted(db, { ids: ids.slice(i, i + EXECUTE), executionTxHash: hash(`exec:${i}`) })
    })
  } finally {
    await store.close()
  }
}

await main()
