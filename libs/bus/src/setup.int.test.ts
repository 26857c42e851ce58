import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { connectBus } from './connectBus.js'
import { natsUrl, startHarness, type Harness } from './testHarness.js'

describe('ensureStreams / ensureConsumer (real NATS)', () => {
  let h: Harness
  before(async () => { h = await startHarness(natsUrl(process.env)) })
  after(async () => { await h.cleanup() })

  it('creates the catalogue streams and consumers, and a second call is a no-op', async () => {
    const first = await ensureStreams(h.bus.jsm, h.cat.streams.all)
    const second = await ensureStreams(h.bus.jsm, h.cat.streams.all)
    assert.deepEqual(second, first)
    for (const spec of h.cat.streams.all) {
      const info = await h.bus.jsm.streams.info(spec.name)
      assert.equal(info.config.storage, 'file')
      assert.equal(info.config.duplicate_window, spec.duplicateWindowMs * 1_000_000)
      assert.deepEqual(info.config.subjects, spec.subjects)
    }
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, h.cat.consumers.verifier)
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, h.cat.consumers.verifier)
    const ci = await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, 'verifier')
    assert.equal(ci.config.ack_policy, 'explicit')
    assert.equal(ci.config.max_deliver, h.cat.consumers.verifier.maxDeliver + 1)
    assert.equal(ci.config.filter_subject, h.cat.subjects.allBundles)
  })

  it('updates a stream and a consumer whose spec changed', async () => {
    const changed = { ...h.cat.streams.mesh, maxAgeMs: 12 * 3_600_000 }
    await ensureStreams(h.bus.jsm, [changed])
    assert.equal((await h.bus.jsm.streams.info(changed.name)).config.max_age, 12 * 3_600_000 * 1_000_000)
    const spec = { ...h.cat.consumers.batcher, ackWaitMs: 7_000 }
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, h.cat.consumers.batcher)
    await ensureConsumer(h.bus.jsm, h.cat.streams.bundles.name, spec)
    assert.equal((await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, 'batcher')).config.ack_wait, 7_000 * 1_000_000)
  })

  it('is safe when two processes set up at once', async () => {
    const other = await connectBus({ servers: natsUrl(process.env), name: 'bus-test-other' })
    try {
      for (const s of h.cat.streams.all) await h.bus.jsm.streams.delete(s.name)
      const spec = h.cat.consumers.signatures
      const setup = async (jsm: typeof other.jsm) => {
        await ensureStreams(jsm, h.cat.streams.all)
        await ensureConsumer(jsm, h.cat.streams.mesh.name, spec)
      }
      await Promise.all([setup(h.bus.jsm), setup(other.jsm), setup(h.bus.jsm), setup(other.jsm)])
      const names = []
      for await (const name of h.bus.jsm.streams.names()) names.push(name)
      for (const s of h.cat.streams.all) assert.ok(names.includes(s.name), s.name)
      assert.equal((await h.bus.jsm.consumers.info(h.cat.streams.mesh.name, spec.durable)).config.durable_name, spec.durable)
    } finally {
      await other.close()
    }
  })

  it('reports an impossible change (storage type) as a fatal setup error', async () => {
    const name = h.cat.streams.deadLetters.name
    await h.bus.jsm.streams.delete(name)
    await h.bus.jsm.streams.add({ name, subjects: h.cat.streams.deadLetters.subjects, storage: 'memory' as never }) // reason: StorageType.Memory value, avoids an import just for the test
    await assert.rejects(ensureStreams(h.bus.jsm, [h.cat.streams.deadLetters]), { code: 'BUS_STREAM_SETUP_FAILED', action: 'fatal' })
  })
})
