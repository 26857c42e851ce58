// Light-client state as a snapshot plus journal deltas, each write a compare-and-set on the version.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CreateDbReturnType } from './createDb.js'
import { appendFinalityState, getFinalityState, getFinalityVersion, putFinalityState } from './finalityStates.js'
import { createMigratedTestDb } from './testing/testDatabase.js'

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe('finality states: snapshot and journal', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })
  const key = { chain: 56, client: 'parlia' }

  it('a snapshot, then deltas read back in order with the snapshot; a stale writer loses', async () => {
    assert.equal(await getFinalityState(store.db, key), null)
    assert.equal(await getFinalityVersion(store.db, key), null)
    assert.equal(
      await appendFinalityState(store.db, { ...key, delta: bytes('d1'), finalizedBlock: 1n, expectedVersion: 0 }),
      false,
      'no delta before a snapshot',
    )
    assert.equal(
      await putFinalityState(store.db, { ...key, data: bytes('s1'), finalizedBlock: 1n, expectedVersion: 0 }),
      true,
    )
    for (const [i, v] of [
      [2, 1],
      [3, 2],
      [4, 3],
    ] as const) {
      assert.equal(
        await appendFinalityState(store.db, {
          ...key,
          delta: bytes(`d${i}`),
          finalizedBlock: BigInt(i),
          expectedVersion: v,
        }),
        true,
      )
    }
    assert.equal(
      await appendFinalityState(store.db, { ...key, delta: bytes('stale'), finalizedBlock: 9n, expectedVersion: 2 }),
      false,
      'version 3 is taken',
    )
    assert.equal(
      await putFinalityState(store.db, { ...key, data: bytes('stale'), finalizedBlock: 9n, expectedVersion: 3 }),
      false,
      'so is a snapshot over it',
    )
    const row = await getFinalityState(store.db, key)
    assert.deepEqual([row?.version, row?.snapshotVersion, row?.finalizedBlock, text(row!.data)], [4, 1, 4n, 's1'])
    assert.deepEqual(row?.journal.map(text), ['d2', 'd3', 'd4'])
    assert.equal(await getFinalityVersion(store.db, key), 4)
  })

  it('a snapshot replaces the journal it covers', async () => {
    assert.equal(
      await putFinalityState(store.db, { ...key, data: bytes('s5'), finalizedBlock: 5n, expectedVersion: 4 }),
      true,
    )
    const row = await getFinalityState(store.db, key)
    assert.deepEqual([row?.version, row?.snapshotVersion, text(row!.data), row?.journal.length], [5, 5, 's5', 0])
    const { rows } = await store.db.$client.query(`SELECT count(*)::int AS n FROM finality_journal WHERE chain = 56`)
    assert.equal(rows[0].n, 0, 'the covered rows are deleted')
  })

  it('concurrent appends of one version: exactly one wins', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((d) =>
        appendFinalityState(store.db, { ...key, delta: bytes(d), finalizedBlock: 6n, expectedVersion: 5 }),
      ),
    )
    assert.equal(results.filter(Boolean).length, 1)
    const row = await getFinalityState(store.db, key)
    assert.deepEqual([row?.version, row?.journal.length], [6, 1])
  })

  it('a journal with a hole is refused with STATE_INCONSISTENT, never read as a state', async () => {
    await store.db.$client.query(`DELETE FROM finality_journal WHERE chain = 56 AND version = 6`)
    await assert.rejects(
      getFinalityState(store.db, key),
      (error: Error & { code?: string }) => error.code === 'STATE_INCONSISTENT',
    )
  })
})
