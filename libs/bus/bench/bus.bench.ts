/**
 * JetStream publish + consume of bundles of 1,000 cross-chain messages of
 * ~200 bytes each (JSON codec, file storage): NATS msgs/s and cross-chain
 * messages/s. Uses a throwaway stream, deleted at the end.
 *
 *   npm run bench:bus -- [bundles=400] [inflight=16]
 *   RELAYMESH_TEST_NATS_URL=nats://host:4222 npm run bench:bus
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import {
  consume,
  createBusCatalogue,
  createJsonCodec,
  connectBus,
  ensureConsumer,
  ensureStreams,
  publish,
} from '../src/index.js'

type BenchMessage = { id: string; nonce: bigint; body: string; traceparent: string }
type BenchBundle = { origin: string; block: bigint; messages: BenchMessage[] }

const bundles = Number(process.argv[2] ?? 400)
const inflight = Number(process.argv[3] ?? 16)
const perBundle = 1_000
const hex = (n: number) => randomBytes(n).toString('hex')

// Plain structural decode: the bench measures the bus, not a schema library.
const codec = createJsonCodec<BenchBundle>({
  contentType: 'application/vnd.relaymesh.bench-bundle+json;v=1',
  parse: (raw) => {
    // reason: bench fixture written by this file
    const r = raw as { origin: string; block: string; messages: (Omit<BenchMessage, 'nonce'> & { nonce: string })[] }
    return {
      origin: r.origin,
      block: BigInt(r.block),
      messages: r.messages.map((m) => ({ ...m, nonce: BigInt(m.nonce) })),
    }
  },
})

function makeBundle(block: number): BenchBundle {
  const messages = Array.from({ length: perBundle }, (_, i) => ({
    // ~200 bytes of JSON per message: id, nonce, a short body and the per-message traceparent.
    id: `0x${hex(32)}`,
    nonce: BigInt(block * perBundle + i),
    body: `0x${hex(17)}`,
    traceparent: `00-${hex(16)}-${hex(8)}-01`,
  }))
  return { origin: 'ethereum', block: BigInt(block), messages }
}

const run = hex(4)
const bus = await connectBus({
  servers: process.env.RELAYMESH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
  name: `bus-bench-${run}`,
})
const cat = createBusCatalogue({
  relayerId: `b${run}`,
  subjectRoot: `rmbench${run}`,
  streamPrefix: `RMBENCH${run.toUpperCase()}`,
})
try {
  await ensureStreams(bus.jsm, [cat.streams.bundles, cat.streams.deadLetters])
  await ensureConsumer(bus.jsm, cat.streams.bundles.name, { ...cat.consumers.verifier, maxAckPending: 256 })
  const sample = makeBundle(0)
  const bundleBytes = codec.encode(sample).length
  console.log(
    `bundle: ${perBundle} messages, ${bundleBytes} bytes (${(bundleBytes / perBundle).toFixed(0)} B/message ` +
      `JSON); ${bundles} bundles, ${inflight} publishes in flight`,
  )
  const prepared = Array.from({ length: inflight }, (_, i) => makeBundle(i))

  const t0 = performance.now()
  let next = 0
  const subject = cat.subjects.bundles('ethereum')
  await Promise.all(
    Array.from({ length: inflight }, async (_, lane) => {
      for (let i = next++; i < bundles; i = next++) {
        const b = prepared[lane] ?? sample
        await publish(bus, subject, { ...b, block: BigInt(i) }, { codec, msgId: `eth:${i}` })
      }
    }),
  )
  const pubSeconds = (performance.now() - t0) / 1000

  const ac = new AbortController()
  let received = 0
  const t1 = performance.now()
  await consume(bus, {
    stream: cat.streams.bundles.name,
    consumer: cat.consumers.verifier.durable,
    codec,
    batch: 64,
    expires: 1_000,
    deadLetterSubject: cat.subjects.deadLetter('verifier'),
    signal: ac.signal,
    handler: async (msgs) => {
      for (const m of msgs) received += m.data.messages.length
      if (received >= bundles * perBundle) ac.abort()
    },
  })
  const subSeconds = (performance.now() - t1) / 1000
  const report = (label: string, seconds: number) =>
    console.log(
      `${label}: ${(bundles / seconds).toFixed(0)} NATS msgs/s, ${((bundles * perBundle) / seconds).toFixed(0)} ` +
        `cross-chain msgs/s, ${((bundles * bundleBytes) / seconds / 1e6).toFixed(1)} MB/s (${seconds.toFixed(2)} s)`,
    )
  report('publish (encode + JetStream ack)', pubSeconds)
  report('consume (fetch + decode + ackAck)', subSeconds)
  if (received !== bundles * perBundle) throw new Error(`received ${received} of ${bundles * perBundle}`)
} finally {
  for (const s of [cat.streams.bundles, cat.streams.deadLetters])
    await bus.jsm.streams.delete(s.name).catch(() => false)
  await bus.close()
}
