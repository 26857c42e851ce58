import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { busHeaders } from './busHeaders.js'
import { connectBus } from './connectBus.js'
import type { BusMessage } from './BusMessage.js'
import { consume, type ConsumeParameters } from './consume.js'
import type { DeadLetter } from './deadLetter.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { publish } from './publish.js'
import {
  bundle,
  natsUrl,
  sleep,
  startHarness,
  testBundleCodec,
  testError,
  type Harness,
  type TestBundle,
} from './testHarness.js'
import { startStallingProxy } from './testing/startStallingProxy.js'

const fastBackoff = { initialMs: 20, factor: 2, maxMs: 200 }

describe('consume (real NATS)', () => {
  let h: Harness
  let durable = ''
  let n = 0
  before(async () => {
    h = await startHarness(natsUrl(process.env))
  })
  after(async () => {
    await h.cleanup()
  })
  beforeEach(async () => {
    // Fresh streams and a fresh durable per test: counts stay independent. No test relies on the ack wait running
    // out (retries nak with a delay), so it is long: a redelivery after an ack slowed by busy cores would change the
    // delivery counts asserted here.
    for (const s of h.cat.streams.all) await h.bus.jsm.streams.delete(s.name).catch(() => false)
    await ensureStreams(h.bus.jsm, h.cat.streams.all)
    durable = `verifier${++n}`
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, {
      ...h.cat.consumers.verifier,
      durable,
      ackWaitMs: 5 * 60_000,
      maxDeliver: 3,
    })
  })

  const params = (
    over: Partial<ConsumeParameters<TestBundle>> & Pick<ConsumeParameters<TestBundle>, 'handler'>,
  ): ConsumeParameters<TestBundle> => ({
    stream: h.cat.streams.bundles.name,
    consumer: durable,
    codec: testBundleCodec,
    expires: 1_000,
    backoff: fastBackoff,
    deadLetterSubject: h.cat.subjects.deadLetter('verifier'),
    ...over,
  })
  const publishBlocks = async (count: number) => {
    for (let i = 1; i <= count; i++)
      await publish(h.bus, h.cat.subjects.bundles('ethereum'), bundle(i), { codec: testBundleCodec, msgId: `eth:${i}` })
  }
  const deadLetterAt = async (seq: number) => {
    const stored = await h.bus.jsm.streams.getMessage(h.cat.streams.deadLetters.name, { seq })
    assert.ok(stored, `dead letter ${seq} exists`)
    return stored
  }

  it('redelivers a message after a retryable failure, with backoff, then acks it', async () => {
    await publishBlocks(2)
    const deliveries: [bigint, number][] = []
    const ac = new AbortController()
    const stats = await consume(
      h.bus,
      params({
        signal: ac.signal,
        handler: async (msgs) => {
          const failed = new Map<BusMessage<TestBundle>, unknown>()
          for (const m of msgs) {
            deliveries.push([m.data.block, m.deliveryCount])
            if (m.data.block === bundle(1).block && m.deliveryCount === 1) failed.set(m, testError('retry'))
          }
          if (deliveries.length === 3) ac.abort()
          return failed
        },
      }),
    )
    assert.deepEqual(
      deliveries.map(([b, c]) => [b - bundle(0).block, c]),
      [
        [1n, 1],
        [2n, 1],
        [1n, 2],
      ],
    )
    assert.deepEqual(
      { acked: stats.acked, retried: stats.retried, deadLettered: stats.deadLettered },
      { acked: 2, retried: 1, deadLettered: 0 },
    )
    const ci = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    assert.equal(ci.num_ack_pending + ci.num_pending, 0)
  })

  it('dead-letters after maxDeliver retryable failures, with reason code and origin headers', async () => {
    await publishBlocks(1)
    const counts: number[] = []
    const entries: DeadLetter[] = []
    const ac = new AbortController()
    const stats = await consume(
      h.bus,
      params({
        signal: ac.signal,
        handler: async (msgs) => {
          counts.push(...msgs.map((m) => m.deliveryCount))
          throw testError('retry', 'RPC_UNAVAILABLE')
        },
        onDeadLetter: async (entry) => {
          entries.push(entry)
          ac.abort()
        },
      }),
    )
    assert.deepEqual(counts, [1, 2, 3])
    assert.equal(stats.deadLettered, 1)
    assert.equal(entries.length, 1)
    assert.equal(entries[0]?.reasonCode, 'RPC_UNAVAILABLE')
    assert.equal(entries[0]?.action, 'retry')
    assert.equal(entries[0]?.deliveryCount, 3)
    const dlq = await deadLetterAt(1)
    assert.equal(dlq.subject, h.cat.subjects.deadLetter('verifier'))
    assert.equal(dlq.header.get(busHeaders.deadLetterReason), 'RPC_UNAVAILABLE')
    assert.equal(dlq.header.get(busHeaders.deadLetterAction), 'retry')
    assert.equal(dlq.header.get(busHeaders.deadLetterSubject), h.cat.subjects.bundles('ethereum'))
    assert.equal(dlq.header.get(busHeaders.deadLetterDeliveries), '3')
    assert.equal(dlq.header.get(busHeaders.deadLetterMsgId), 'eth:1')
    assert.deepEqual(testBundleCodec.decode(dlq.data), bundle(1))
    const ci = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    assert.deepEqual([ci.num_ack_pending, ci.num_pending], [0, 0], 'terminated, not parked')
  })

  it('dead-letters a rejected message at once with its reason code, acking the rest of the batch', async () => {
    await publishBlocks(3)
    const entries: DeadLetter[] = []
    const ac = new AbortController()
    let handled = 0
    const stats = await consume(
      h.bus,
      params({
        signal: ac.signal,
        handler: async (msgs) => {
          handled += msgs.length
          if (handled >= 3) ac.abort()
          const bad = msgs.find((m) => m.data.block === bundle(2).block)
          return new Map(bad ? [[bad, testError('reject', 'BAD_RECEIPT_PROOF')]] : [])
        },
        onDeadLetter: async (entry) => {
          entries.push(entry)
        },
      }),
    )
    assert.equal(stats.acked, 2)
    assert.equal(stats.deadLettered, 1)
    assert.equal(entries[0]?.reasonCode, 'BAD_RECEIPT_PROOF')
    assert.equal(entries[0]?.action, 'reject')
    assert.equal(entries[0]?.deliveryCount, 1)
    assert.equal(entries[0]?.streamSequence, 2)
    assert.equal((await deadLetterAt(1)).header.get(busHeaders.deadLetterReason), 'BAD_RECEIPT_PROOF')
  })

  /** Consumes until the first dead letter; how often the handler was called (never, for a payload it cannot read). */
  const firstDeadLetter = async (): Promise<{ calls: number; entries: DeadLetter[] }> => {
    const entries: DeadLetter[] = []
    const ac = new AbortController()
    let calls = 0
    await consume(
      h.bus,
      params({
        signal: ac.signal,
        handler: async () => {
          calls += 1
        },
        onDeadLetter: async (entry) => {
          entries.push(entry)
          ac.abort()
        },
      }),
    )
    return { calls, entries }
  }

  it('dead-letters undecodable bytes with BUS_DECODE_FAILED without calling the handler', async () => {
    await h.bus.js.publish(h.cat.subjects.bundles('ethereum'), new TextEncoder().encode('{not json'))
    const { calls, entries } = await firstDeadLetter()
    assert.equal(calls, 0)
    assert.equal(entries[0]?.reasonCode, 'BUS_DECODE_FAILED')
    assert.equal((await deadLetterAt(1)).header.get(busHeaders.deadLetterReason), 'BUS_DECODE_FAILED')
  })

  it('dead-letters a payload written with another codec with BUS_CODEC_MISMATCH without calling the handler', async () => {
    const otherCodec = { ...testBundleCodec, contentType: 'application/x-relaymesh-other', accepts: undefined }
    await publish(h.bus, h.cat.subjects.bundles('ethereum'), bundle(1), { codec: otherCodec, msgId: 'other:1' })
    const { calls, entries } = await firstDeadLetter()
    assert.equal(calls, 0)
    assert.deepEqual(
      entries.map((e) => [e.reasonCode, e.action]),
      [['BUS_CODEC_MISMATCH', 'reject']],
    )
  })

  it('stops cleanly on abort: in-flight work finishes and is acked, nothing is lost or handled twice', async () => {
    const total = 40
    await publishBlocks(total)
    const handled: bigint[] = []
    const ac = new AbortController()
    const first = await consume(
      h.bus,
      params({
        batch: 4,
        signal: ac.signal,
        handler: async (msgs) => {
          if (handled.length >= 10) ac.abort()
          await sleep(15)
          handled.push(...msgs.map((m) => m.data.block))
        },
      }),
    )
    assert.ok(handled.length >= 10 && handled.length < total, `handled ${handled.length}`)
    assert.equal(first.acked, handled.length)
    const mid = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    assert.equal(mid.num_ack_pending, 0, 'no delivered-but-unacked message left behind')
    const ac2 = new AbortController()
    await consume(
      h.bus,
      params({
        signal: ac2.signal,
        handler: async (msgs) => {
          handled.push(...msgs.map((m) => m.data.block))
          if (handled.length >= total) ac2.abort()
        },
      }),
    )
    assert.equal(handled.length, total)
    assert.equal(new Set(handled).size, total)
  })

  it('acks without handling a redelivery of a message it acked already (the ack wait ran out while it waited)', async () => {
    const slow = `${durable}slow`
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, {
      ...h.cat.consumers.verifier,
      durable: slow,
      ackWaitMs: 1_000,
      maxDeliver: 5,
    })
    await publishBlocks(1)
    const info = () => h.bus.jsm.consumers.info(h.cat.streams.bundles.name, slow)
    const handled: bigint[] = []
    const ac = new AbortController()
    const done = consume(
      h.bus,
      params({
        consumer: slow,
        signal: ac.signal,
        // Keep-alive (+WPI) only after 5 ack waits, and a pull open meanwhile: the server sends the message again while
        // the first copy is handled, as when the process is starved of CPU or its connection stalls past the ack wait.
        ackWaitShare: 5,
        expires: 5_000,
        handler: async (msgs) => {
          // The first delivery's work outlasts the ack wait: the server sends the message again meanwhile.
          if (handled.length === 0) await waitUntilAsync(async () => (await info()).num_redelivered > 0, 'redelivery')
          handled.push(...msgs.map((m) => m.data.block))
        },
      }),
    )
    await waitUntilAsync(async () => {
      const i = await info()
      return i.delivered.consumer_seq >= 2 && i.num_ack_pending === 0
    }, 'both deliveries sent and the message acked')
    ac.abort()
    const stats = await done
    assert.equal(handled.length, 1, 'handled once')
    assert.equal(stats.acked, 1)
    assert.equal(stats.duplicates, 1)
  })

  it('stops the loop and rethrows a fatal error, leaving the message for redelivery', async () => {
    await publishBlocks(1)
    const fatal = testError('fatal', 'DB_SCHEMA_MISMATCH')
    await assert.rejects(
      consume(
        h.bus,
        params({
          handler: async () => {
            throw fatal
          },
        }),
      ),
      (e) => e === fatal,
    )
    const ci = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, durable)
    assert.equal(ci.num_ack_pending + ci.num_pending, 1)
  })

  it('loses nothing in flight to a stalled client: after an unanswered pull, what arrives is handled at once', async () => {
    // A pull loop that dropped its subscription when a pull went unanswered got what the server had sent meanwhile
    // back only after ack_wait (5 min here), far beyond this test's deadline.
    const { hostname, port } = new URL(natsUrl(process.env))
    const proxy = await startStallingProxy({ host: hostname, port: Number(port) })
    const stalledBus = await connectBus({ servers: proxy.url, name: 'stalled-consumer' })
    const handled: bigint[] = []
    let troubles = 0
    const ac = new AbortController()
    try {
      const run = consume(
        stalledBus,
        params({
          batch: 8,
          signal: ac.signal,
          logger: { warn: () => void troubles++, error: () => {} },
          handler: async (msgs) => void handled.push(...msgs.map((m) => m.data.block)),
        }),
      )
      await publishBlocks(1)
      await waitUntil(() => handled.length === 1, 'the first block handled')
      proxy.stall()
      for (let i = 2; i <= 6; i++) {
        await publish(h.bus, h.cat.subjects.bundles('ethereum'), bundle(i), { codec: testBundleCodec, msgId: `e:${i}` })
      }
      await waitUntil(() => troubles > 0, 'the client to notice the unanswered pull')
      proxy.resume()
      await waitUntil(() => handled.length === 6, 'every block sent during the stall handled')
      ac.abort()
      await run
      assert.equal(new Set(handled).size, 6)
    } finally {
      ac.abort()
      await stalledBus.close()
      await proxy.close()
    }
  })

  it('refuses a consumer whose server max_deliver is below maxDeliver', async () => {
    await assert.rejects(consume(h.bus, params({ maxDeliver: 10, handler: async () => {} })), {
      code: 'BUS_CONSUMER_MISCONFIGURED',
    })
  })
})

async function waitUntil(done: () => boolean, what: string, deadlineMs = 60_000): Promise<void> {
  const until = Date.now() + deadlineMs
  while (!done()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

async function waitUntilAsync(done: () => Promise<boolean>, what: string, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}
