import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { consume } from './consume.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { publish } from './publish.js'
import { bundle, natsUrl, sleep, startHarness, testBundleCodec, type Harness } from './testHarness.js'

// A handler slower than the backlog allows: handling everything the server would send at once takes several ack
// waits. The loop must pull only what it handles inside one ack wait, so the server never redelivers.
describe('consume pacing (real NATS)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness(natsUrl(process.env))
    await ensureStreams(h.bus.jsm, h.cat.streams.all)
  })
  after(async () => {
    await h.cleanup()
  })

  it('pulls no more than it handles within the ack wait: nothing redelivered, each message handled once', async () => {
    const durable = 'paced'
    // 4 s ack wait, 250 ms per message, groups of 8 (2 s each): the 40 messages take 10 s, two and a half ack waits.
    const ackWaitMs = 4_000
    const perMessageMs = 250
    const total = 40
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, {
      ...h.cat.consumers.verifier,
      durable,
      ackWaitMs,
      maxDeliver: 5,
    })
    for (let i = 1; i <= total; i++)
      await publish(h.bus, h.cat.subjects.bundles('ethereum'), bundle(i), { codec: testBundleCodec, msgId: `p:${i}` })
    const handled: { block: bigint; deliveryCount: number }[] = []
    const ac = new AbortController()
    const stats = await consume(h.bus, {
      stream: h.cat.streams.bundles.name,
      consumer: durable,
      codec: testBundleCodec,
      deadLetterSubject: h.cat.subjects.deadLetter('verifier'),
      batch: 8,
      signal: ac.signal,
      handler: async (msgs) => {
        await sleep(perMessageMs * msgs.length)
        handled.push(...msgs.map((m) => ({ block: m.data.block, deliveryCount: m.deliveryCount })))
        if (new Set(handled.map((m) => m.block)).size >= total) ac.abort()
      },
    })
    const info = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    // Totals first: every message handled, and acked.
    assert.equal(new Set(handled.map((m) => m.block)).size, total)
    assert.equal(info.num_ack_pending + info.num_pending, 0)
    // Then: the server sent each message once (its delivery sequence counts redeliveries too; `num_redelivered` counts
    // only those still pending), so each was handled once.
    assert.equal(info.delivered.consumer_seq, total, 'the server redelivered nothing')
    assert.deepEqual(
      handled.filter((m) => m.deliveryCount !== 1),
      [],
    )
    assert.equal(handled.length, total, 'each message handled once')
    assert.deepEqual([stats.acked, stats.duplicates], [total, 0])
  })
  it('tells the server a handler call that outlasts the ack wait is still at work: nothing redelivered', async () => {
    const durable = 'stretched'
    // One call of 1.5 ack waits, the keep-alive at every half ack wait: two +WPI in time, with 2 s to spare each.
    const ackWaitMs = 4_000
    const total = 4
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, {
      ...h.cat.consumers.verifier,
      durable,
      filterSubjects: [h.cat.subjects.bundles('bsc')],
      ackWaitMs,
      maxDeliver: 5,
    })
    for (let i = 1; i <= total; i++)
      await publish(h.bus, h.cat.subjects.bundles('bsc'), bundle(i), { codec: testBundleCodec, msgId: `s:${i}` })
    const handled: bigint[] = []
    const ac = new AbortController()
    const stats = await consume(h.bus, {
      stream: h.cat.streams.bundles.name,
      consumer: durable,
      codec: testBundleCodec,
      deadLetterSubject: h.cat.subjects.deadLetter('verifier'),
      batch: total,
      signal: ac.signal,
      handler: async (msgs) => {
        if (handled.length === 0) await sleep(1.5 * ackWaitMs)
        handled.push(...msgs.map((m) => m.data.block))
        if (handled.length >= total) ac.abort()
      },
    })
    const info = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    assert.equal(new Set(handled).size, total)
    assert.equal(info.num_ack_pending + info.num_pending, 0)
    assert.equal(info.delivered.consumer_seq, total, 'the server redelivered nothing')
    assert.equal(handled.length, total)
    assert.ok(stats.extended >= 1, `deliveries told in progress: ${stats.extended}`)
  })
})
