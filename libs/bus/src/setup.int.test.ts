import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { connectBus } from './connectBus.js'
import { natsUrl, startHarness, type Harness } from './testHarness.js'

describe('ensureStreams / ensureConsumer (real NATS)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness(natsUrl(process.env))
  })
  after(async () => {
    await h.cleanup()
  })

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
    // Unverified bundles are never dropped for their age (a verifier down for days loses nothing): only for room, which
    // the watchers' gate guards.
    assert.equal((await h.bus.jsm.streams.info(h.cat.streams.bundles.name)).config.max_age, 0)
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
    assert.equal(
      (await h.bus.jsm.consumers.info(h.cat.streams.bundles.name, 'batcher')).config.ack_wait,
      7_000 * 1_000_000,
    )
  })

  it('is safe when several processes set up at once, round after round', async () => {
    const others = await Promise.all(
      [1, 2, 3].map((i) => connectBus({ servers: natsUrl(process.env), name: `bus-test-other-${i}` })),
    )
    try {
      const spec = h.cat.consumers.signatures
      const setup = async (jsm: typeof h.bus.jsm) => {
        await ensureStreams(jsm, h.cat.streams.all)
        await ensureConsumer(jsm, h.cat.streams.mesh.name, spec)
      }
      // Concurrent creates of one stream can be answered "subjects overlap" instead of "name in use": each round
      // starts from no streams so every round races the creates again.
      for (let round = 0; round < 10; round++) {
        for (const s of h.cat.streams.all) await h.bus.jsm.streams.delete(s.name).catch(() => false)
        await Promise.all([h.bus, ...others, h.bus, ...others].map((b) => setup(b.jsm)))
        const names = []
        for await (const name of h.bus.jsm.streams.names()) names.push(name)
        for (const s of h.cat.streams.all) assert.ok(names.includes(s.name), s.name)
        assert.equal(
          (await h.bus.jsm.consumers.info(h.cat.streams.mesh.name, spec.durable)).config.durable_name,
          spec.durable,
        )
      }
    } finally {
      await Promise.all(others.map((o) => o.close()))
    }
  })

  it('refuses a stream whose subjects another stream owns', async () => {
    const spec = { ...h.cat.streams.deadLetters, name: `${h.cat.streams.deadLetters.name}_IMPOSTOR` }
    await assert.rejects(ensureStreams(h.bus.jsm, [spec]), {
      code: 'BUS_STREAM_SETUP_FAILED',
      action: 'fatal',
      details: /overlap/,
    })
  })

  it('reports an impossible change (storage type) as a fatal setup error', async () => {
    const name = h.cat.streams.deadLetters.name
    await h.bus.jsm.streams.delete(name)
    // reason: StorageType.Memory value, avoids an import just for the test
    await h.bus.jsm.streams.add({ name, subjects: h.cat.streams.deadLetters.subjects, storage: 'memory' as never })
    await assert.rejects(ensureStreams(h.bus.jsm, [h.cat.streams.deadLetters]), {
      code: 'BUS_STREAM_SETUP_FAILED',
      action: 'fatal',
    })
  })
})
