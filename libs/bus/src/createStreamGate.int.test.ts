import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BusError } from './BusError.js'
import { createStreamGate } from './createStreamGate.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { publish } from './publish.js'
import { natsUrl, startHarness, testBundleCodec, type Harness, bundle } from './testHarness.js'

// A stream keeps its bytes under max_bytes by discarding its oldest messages: with a verifier that is down, a watcher
// publishing on would make it drop bundles nobody verified. The gate stops the publisher first.
describe('createStreamGate', () => {
  let h: Harness
  before(async () => {
    h = await startHarness(natsUrl(process.env))
  })
  after(() => h.cleanup())

  it('closes before the stream would discard what the consumer has not acked, and opens once it acks', async () => {
    const stream = { ...h.cat.streams.bundles, maxBytes: 64 * 1024 }
    await ensureStreams(h.bus.jsm, [stream])
    await ensureConsumer(h.bus.jsm, stream.name, h.cat.consumers.verifier)
    const gate = createStreamGate(h.bus.jsm, { stream: stream.name, intervalMs: 0 })
    const subject = h.cat.subjects.bundles('ethereum')
    let published = 0
    let refused: unknown
    // ~2 KB per message: the gate must close before 64 KiB are written, with nothing consumed.
    for (let block = 0; block < 100 && refused === undefined; block++) {
      try {
        await gate.check()
      } catch (error) {
        refused = error
        break
      }
      await publish(h.bus, subject, bundle(block, 20), { codec: testBundleCodec, msgId: `gate-${block}` })
      published++
    }
    assert.ok(refused instanceof BusError, `the gate closed (published ${published})`)
    assert.equal(refused.code, 'BUS_STREAM_FULL')
    assert.equal(refused.action, 'retry')
    const info = await h.bus.jsm.streams.info(stream.name)
    assert.equal(info.state.messages, published, 'the stream dropped nothing')
    assert.equal(info.state.first_seq, 1)
    // The consumer catches up: the gate opens.
    const consumer = await h.bus.js.consumers.get(stream.name, h.cat.consumers.verifier.durable)
    let acked = 0
    while (acked < published) {
      const batch = await consumer.fetch({ max_messages: published - acked, expires: 2_000 })
      for await (const m of batch) {
        await m.ackAck()
        acked++
      }
    }
    await gate.check()
  })
})
