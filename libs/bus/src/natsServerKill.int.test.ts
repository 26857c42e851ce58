import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { headers } from '@nats-io/transport-node'
import { createBusCatalogue } from './catalogue.js'
import { connectBus, type Bus } from './connectBus.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { startOwnNatsServer, type OwnNatsServer } from './testing/startOwnNatsServer.js'

// Fault runs re-observed blocks around a SIGKILL of nats-server (2.9 here). These pin down what the server keeps across
// such a kill, on the stream and consumer configuration relaymesh uses: every publish it acknowledged (a stream
// writes each message to its file before the PubAck; only its fsync waits, which matters to a host crash, not to a
// killed process), its msg-id dedup, and every delivery not acknowledged yet (redelivered after the restart).
describe('a SIGKILL of nats-server loses nothing acknowledged', () => {
  let nats: OwnNatsServer
  let bus: Bus
  const cat = createBusCatalogue({ relayerId: 'r1', subjectRoot: 'killtest', streamPrefix: 'KILLTEST' })
  const stream = cat.streams.bundles.name

  before(async () => {
    nats = await startOwnNatsServer()
    // One connection across the kill, as a service keeps it: nats.js reconnects by itself.
    bus = await connectBus({ servers: nats.url, name: 'kill-test' })
    await ensureStreams(bus.jsm, cat.streams.all)
  })
  after(async () => {
    await bus?.close()
    await nats?.close()
  })

  const restart = async () => {
    await nats.kill()
    await nats.start()
    await waitFor(() => bus.jsm.streams.info(stream).then(() => true), 'the stream back after the restart')
  }

  it('holds every PubAcked message at its sequence, and still deduplicates their msg ids', async () => {
    const acked = new Map<string, number>()
    // Bundles of a few sizes on two origins and the verifier's notices, published at once up to the kill.
    const publisher = async (subject: string, bytes: number, prefix: string) => {
      for (let i = 0; i < 100; i++) {
        const id = `${prefix}:${i}`
        const hdrs = headers()
        hdrs.set('Nats-Msg-Id', id)
        acked.set(id, (await bus.js.publish(subject, new Uint8Array(bytes), { headers: hdrs })).seq)
      }
    }
    await Promise.all([
      publisher(cat.subjects.bundles('31337'), 60_000, 'a'),
      publisher(cat.subjects.bundles('31356'), 2_000, 'b'),
      publisher(cat.subjects.verified('31356'), 40, 'c'),
    ])
    await restart()
    assert.equal((await bus.jsm.streams.info(stream)).state.messages, acked.size)
    for (const [id, seq] of acked) {
      const held = await bus.jsm.streams.getMessage(stream, { seq })
      assert.equal(held?.header?.get('Nats-Msg-Id'), id, `seq ${seq}`)
    }
    // The dedup window came back from the store: a republish of an acknowledged part is dropped, a new one stored.
    const again = headers()
    again.set('Nats-Msg-Id', 'b:99')
    const repeat = await bus.js.publish(cat.subjects.bundles('31356'), new Uint8Array(2_000), { headers: again })
    assert.deepEqual([repeat.duplicate, repeat.seq], [true, acked.get('b:99')])
  })

  it('redelivers after the restart every delivery that was not acknowledged (pending or nak-ed with a delay)', async () => {
    // An origin of its own, so the consumer sees only this test's bundles.
    const subject = cat.subjects.bundles('1')
    const spec = { ...cat.consumers.verifier, durable: 'kill-test', filterSubjects: [subject], ackWaitMs: 2_000 }
    await ensureConsumer(bus.jsm, stream, spec)
    for (let i = 0; i < 30; i++) await bus.js.publish(subject, new Uint8Array(100))
    const consumer = await bus.js.consumers.get(stream, spec.durable)
    const unsettled = new Set<number>()
    let seen = 0
    for await (const m of await consumer.fetch({ max_messages: 30, expires: 30_000 })) {
      // A third acknowledged (confirmed), a third nak-ed with a delay (a block not final yet), a third left pending
      // (a handler still at work when the server dies).
      if (m.seq % 3 === 0) assert.ok(await m.ackAck())
      else {
        if (m.seq % 3 === 1) m.nak(1_000)
        unsettled.add(m.seq)
      }
      if (++seen === 30) break
    }
    assert.equal(seen, 30)
    await bus.nc.flush()
    await restart()
    const redelivered = new Set<number>()
    await waitFor(async () => {
      for await (const m of await consumer.fetch({ max_messages: 30, expires: 2_000 })) {
        redelivered.add(m.seq)
        m.ack()
      }
      return [...unsettled].every((seq) => redelivered.has(seq))
    }, 'every unsettled delivery redelivered')
    assert.deepEqual(
      [...unsettled].filter((seq) => !redelivered.has(seq)),
      [],
    )
  })
})

// Generous: a restart and an ack wait on two busy cores; errors while the server comes back are waited out.
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now()
  for (;;) {
    const ok = await check().catch(() => false)
    if (ok) return
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
