// Re-observation on in-memory deps: hints handed to the subscription by the test, an in-memory store of known ids,
// and the watcher's in-memory chain (`createInMemoryWatcher`). No NATS, Postgres or chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import { createInMemoryWatcher } from '../watcher/testing/createInMemoryWatcher.js'
import { watcherTestOptions as opts } from '../watcher/testing/watcherTestOptions.js'
import { reobserveHintCodec, type ReobserveHint } from './ReobserveHint.js'
import type { ReobserveHintDelivery, ReobserverDeps } from './ReobserverDeps.js'
import { startReobserver } from './startReobserver.js'
import type { FirstPublishFate } from './judgeFirstPublish.js'

async function reobserveWorld(p: { rereadFate?: FirstPublishFate } = {}) {
  const watcher = createInMemoryWatcher({ opts, blocks: 10, messages: new Map([[3n, { count: 2 }]]) })
  watcher.cursor = { number: 7n, hash: watcher.chain[7]?.block.hash } // the watcher passed block 3
  const known = new Set<string>()
  let deliver: ((error: Error | null, d: ReobserveHintDelivery) => void) | undefined
  const deps: ReobserverDeps = {
    relayerId: 'r1',
    subscribeHints: (onHint) => {
      deliver = onHint
      return { unsubscribe: () => (deliver = undefined) }
    },
    findUnknownIds: async (ids) => new Set(ids.filter((id) => !known.has(id))),
  }
  const stop = new AbortController()
  const describeReread = p.rereadFate && (async () => ({ fate: p.rereadFate ?? 'unknown', remembered: true }))
  const reobserver = startReobserver(deps, { opts, deps: watcher.deps, signal: stop.signal, describeReread })
  const block = watcher.chain[3]
  assert.ok(block)
  const ids = block.receipts.flatMap((r) => r.logs.map((l) => l.topics[1] as Hex)) // reason: Dispatch's topic 1: the id
  const hint: ReobserveHint = { origin: opts.origin, blocks: [{ number: 3n, hash: block.block.hash, ids }] }
  /** Hands a hint to the subscription and waits for the reobserver to be done with it. */
  const send = async (from: string, h: ReobserveHint = hint, times = 1) => {
    for (let i = 0; i < times; i++)
      deliver?.(null, { subject: `mesh.reobserve.${h.origin}.${from}`, data: reobserveHintCodec.encode(h) })
    stop.abort()
    await reobserver.done
  }
  return { watcher, known, ids, hint, send }
}

describe('startReobserver (in-memory hints, store and chain)', () => {
  it("reads a passed block again for another relayer's hint and publishes its missing messages, marked reobserved", async () => {
    const world = await reobserveWorld()
    world.known.add(world.ids[0] as Hex) // reason: the block holds two messages
    await world.send('r2')
    assert.equal(world.watcher.reobserved.length, 1)
    assert.deepEqual(
      world.watcher.reobserved[0]?.messageIds.map((id) => bytesToHex(id)),
      world.ids,
      'the part holding the missing message',
    )
    assert.deepEqual(world.watcher.published, [], 'nothing goes out as a first publish')
  })

  it('reads nothing when every id is stored, or for its own hint', async () => {
    const stored = await reobserveWorld()
    for (const id of stored.ids) stored.known.add(id)
    await stored.send('r2')
    assert.deepEqual(stored.watcher.reobserved, [])
    const own = await reobserveWorld()
    await own.send('r1')
    assert.deepEqual(own.watcher.reobserved, [])
  })

  it('reads a block again at the next hint when the stream lost its re-read, and not when the verifier passed it', async () => {
    const lost = await reobserveWorld({ rereadFate: 'dropped-by-stream' })
    await lost.send('r2', lost.hint, 2)
    assert.equal(lost.watcher.reobserved.length, 2, 'read again for the second hint')
    const passed = await reobserveWorld({ rereadFate: 'passed-by-verifier' })
    await passed.send('r2', passed.hint, 2)
    assert.equal(passed.watcher.reobserved.length, 1, 'the second hint waits out the retry time')
  })
})
