import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createFinalityStoreHolder } from './createFinalityStoreHolder.js'
import type { LoadedFinalityStore } from './saveFinalityStore.js'

type Loaded = LoadedFinalityStore<string>

/** A stored state the test moves by hand, and every load it served. */
function fakeStorage(version: number | null) {
  const s = { version, loads: 0 }
  const deps = {
    load: async (): Promise<Loaded> => {
      s.loads++
      await new Promise((resolve) => setImmediate(resolve))
      return { store: `v${s.version}`, version: s.version ?? 0, journaled: 0 }
    },
    readVersion: async () => s.version,
  }
  return { s, deps }
}

/** A save the test resolves by hand, as a commit the database has made before the caller hears of it. */
function pendingSave() {
  let resolve!: (saved: Loaded | undefined) => void
  const promise = new Promise<Loaded | undefined>((r) => (resolve = r))
  return { promise, resolve }
}

describe('createFinalityStoreHolder', () => {
  it('answers null before the first write, and loads once for many concurrent checks', async () => {
    const { s, deps } = fakeStorage(null)
    const holder = createFinalityStoreHolder(deps)
    assert.equal(await holder.fresh(), null)
    s.version = 3
    const held = await Promise.all(Array.from({ length: 10 }, () => holder.fresh()))
    assert.deepEqual(new Set(held.map((h) => h?.store)), new Set(['v3']))
    assert.equal(s.loads, 1, 'one load shared by every check')
  })

  it('does not reload for the version its own save just committed, while that save is still in flight', async () => {
    const { s, deps } = fakeStorage(1)
    const holder = createFinalityStoreHolder(deps)
    const loaded = await holder.load()
    assert.equal(s.loads, 1)
    const save = pendingSave()
    const saving = holder.save(save.promise)
    s.version = 2 // committed; the consumer has not heard back yet
    const checks = Array.from({ length: 5 }, () => holder.fresh())
    await new Promise((resolve) => setImmediate(resolve))
    save.resolve({ store: 'v2 (ours)', version: loaded.version + 1, journaled: 1 })
    assert.equal((await saving)?.version, 2)
    for (const held of await Promise.all(checks)) assert.equal(held?.store, 'v2 (ours)')
    assert.equal(s.loads, 1, 'no reload for our own write')
  })

  it('reloads when another replica moved the store past the held version', async () => {
    const { s, deps } = fakeStorage(4)
    const holder = createFinalityStoreHolder(deps)
    await holder.load()
    s.version = 6
    assert.equal((await holder.fresh())?.store, 'v6')
    assert.equal(s.loads, 2)
    assert.equal((await holder.fresh())?.store, 'v6')
    assert.equal(s.loads, 2, 'held until the version moves again')
  })

  it('never lets a load replace a newer state this process saved meanwhile', async () => {
    const { s, deps } = fakeStorage(1)
    const holder = createFinalityStoreHolder(deps)
    s.version = 1
    const loading = holder.load() // reads v1, resolves after the save below
    await holder.save(Promise.resolve({ store: 'v2 (ours)', version: 2, journaled: 1 }))
    await loading
    assert.equal((await holder.load()).store, 'v2 (ours)')
  })

  it('after a lost compare-and-set, forget makes the next load read the stored state', async () => {
    const { s, deps } = fakeStorage(1)
    const holder = createFinalityStoreHolder(deps)
    await holder.load()
    assert.equal(await holder.save(Promise.resolve(undefined)), undefined)
    s.version = 5
    holder.forget()
    assert.equal((await holder.load()).store, 'v5')
  })
})
