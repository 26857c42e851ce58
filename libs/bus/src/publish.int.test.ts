import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { headers } from '@nats-io/transport-node'
import { busHeaders } from './busHeaders.js'
import { consume } from './consume.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { publish } from './publish.js'
import type { BusMessage } from './BusMessage.js'
import { bundle, natsUrl, startHarness, testBundleCodec, type Harness, type TestBundle } from './testHarness.js'

describe('publish (real NATS)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness(natsUrl(process.env))
    await ensureStreams(h.bus.jsm, h.cat.streams.all)
  })
  after(async () => {
    await h.cleanup()
  })

  it('drops a republish with the same msg id inside the duplicate window', async () => {
    const subject = h.cat.subjects.bundles('bsc')
    const first = await publish(h.bus, subject, bundle(1), { codec: testBundleCodec, msgId: 'bsc:0xaa' })
    const again = await publish(h.bus, subject, bundle(1), { codec: testBundleCodec, msgId: 'bsc:0xaa' })
    const other = await publish(h.bus, subject, bundle(2), { codec: testBundleCodec, msgId: 'bsc:0xbb' })
    assert.equal(first.duplicate, false)
    assert.equal(again.duplicate, true)
    assert.equal(again.seq, first.seq)
    assert.equal(other.seq, first.seq + 1)
    assert.equal((await h.bus.jsm.streams.info(h.cat.streams.bundles.name)).state.messages, 2)
  })

  it('round-trips headers, bigints and the codec content type', async () => {
    const subject = h.cat.subjects.verified('solana')
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    const hdrs = headers()
    hdrs.set('traceparent', traceparent)
    hdrs.set('tracestate', 'rm=1')
    const sent = bundle(7, 3)
    await publish(h.bus, subject, sent, { codec: testBundleCodec, msgId: 'v:7', headers: hdrs })
    await publish(h.bus, subject, bundle(8), { codec: testBundleCodec, headers: { 'X-Rm-Test': 'plain-record' } })
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, h.cat.consumers.batcher)
    const seen: BusMessage<TestBundle>[] = []
    const ac = new AbortController()
    await consume(h.bus, {
      stream: h.cat.streams.bundles.name,
      consumer: 'batcher',
      codec: testBundleCodec,
      expires: 1_000,
      signal: ac.signal,
      deadLetterSubject: h.cat.subjects.deadLetter('batcher'),
      handler: async (msgs) => {
        seen.push(...msgs)
        if (seen.length >= 2) ac.abort()
      },
    })
    assert.equal(seen.length, 2)
    const [a, b] = seen as [BusMessage<TestBundle>, BusMessage<TestBundle>] // reason: length asserted above
    assert.deepEqual(a.data, sent)
    assert.equal(typeof a.data.block, 'bigint')
    assert.equal(a.headers?.get('traceparent'), traceparent)
    assert.equal(a.headers?.get('tracestate'), 'rm=1')
    assert.equal(a.headers?.get(busHeaders.codec), testBundleCodec.contentType)
    assert.equal(a.msgId, 'v:7')
    assert.equal(a.deliveryCount, 1)
    assert.equal(b.headers?.get('X-Rm-Test'), 'plain-record')
  })

  it('refuses a payload above max_payload with BUS_PAYLOAD_TOO_LARGE before sending', async () => {
    const subject = h.cat.subjects.bundles('ethereum')
    const huge = bundle(9, Math.ceil(h.bus.maxPayload / 40))
    await assert.rejects(publish(h.bus, subject, huge, { codec: testBundleCodec }), (error: unknown) => {
      // reason: asserting BusError fields
      const e = error as { code: string; action: string; meta: { bytes: number; maxPayload: number } }
      assert.equal(e.code, 'BUS_PAYLOAD_TOO_LARGE')
      assert.equal(e.action, 'reject')
      assert.ok(e.meta.bytes > e.meta.maxPayload)
      return true
    })
  })

  it('refuses a payload its codec cannot encode with BUS_ENCODE_FAILED before sending', async () => {
    const failing = {
      ...testBundleCodec,
      encode: () => {
        throw new Error('not encodable')
      },
    }
    await assert.rejects(publish(h.bus, h.cat.subjects.bundles('ethereum'), bundle(3), { codec: failing }), {
      code: 'BUS_ENCODE_FAILED',
      action: 'reject',
    })
  })

  it('a publish no stream acknowledges fails with BUS_PUBLISH_FAILED (retry)', async () => {
    // A subject outside every stream: JetStream has no responder for it, as while a stream is down or being recreated.
    await assert.rejects(
      publish(h.bus, `${h.cat.subjects.bundles('ethereum').split('.')[0]}.unstreamed.x`, bundle(4), {
        codec: testBundleCodec,
        timeoutMs: 2_000,
      }),
      { code: 'BUS_PUBLISH_FAILED', action: 'retry' },
    )
  })

  it('rejects a subject token that would change the subject', () => {
    assert.throws(() => h.cat.subjects.bundles('eth.*'), { code: 'BUS_INVALID_NAME' })
    assert.throws(() => h.cat.subjects.deadLetter('>'), { code: 'BUS_INVALID_NAME' })
  })
})
