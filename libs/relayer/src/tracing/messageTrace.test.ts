// The trace scheme of one message across relayers (issue 18): every relayer's spans hang under the
// deterministic root `relaymesh.message`, which only the destination's trace keeper exports, once.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { hexToBytes } from '@relaymesh/protocol'
import { createTelemetry, contextFromTraceparent, type Telemetry } from '@relaymesh/telemetry'
import { checkTraceTrees, startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import type { Hex } from 'viem'
import { messageTraceId } from './messageTraceparent.js'
import { recordKeptMessageRoots } from './recordKeptMessageRoots.js'
import { recordObserveSpan } from './recordObserveSpan.js'

const relayers = { r1: '0x01', r2: '0x02', r3: '0x03' }
const proposers = { 56: 'r2', 31337: 'r3' }
const ids = Array.from({ length: 12 }, (_, i) => `0x${(i + 1).toString(16).padStart(64, '0')}` as Hex)
const destinationOf = (id: Hex) => (Number.parseInt(id.slice(-2), 16) % 3 === 0 ? 1399811150 : Number.parseInt(id.slice(-2), 16) % 2 === 0 ? 56 : 31337)

type Relayer = { relayerId: string; telemetry: Telemetry }

/** One relayer's hops of one message: observe and verify (both children of the derived root), then its stored-rows hook. */
function process(r: Relayer, id: Hex, firstTime: boolean, verifier: Relayer = r) {
  const traceparent = recordObserveSpan(r.telemetry, { messageId: id, origin: 1, blockNumber: '7', relayerId: r.relayerId })
  verifier.telemetry.tracer.startSpan('relaymesh.verify', { attributes: { 'relaymesh.message.id': id } }, contextFromTraceparent(traceparent)).end()
  const now = Date.now()
  recordKeptMessageRoots({ config: { relayerId: r.relayerId, relayers, proposers }, telemetry: verifier.telemetry }, {
    origin: 1, inserted: firstTime ? [hexToBytes(id)] : [], destinationOf, verification: 'light-client', startTime: now - 5, endTime: now,
  })
}

function startRelayers(receiver: OtlpReceiver, env: Record<string, string> = {}, service = 'verifier'): Relayer[] {
  return Object.keys(relayers).map((relayerId) => ({
    relayerId,
    telemetry: createTelemetry({
      serviceName: `${service}-${relayerId}`, relayerId, registerGlobal: false,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', ...env },
    }),
  }))
}

async function flush(mesh: Relayer[]) {
  for (const r of mesh) await r.telemetry.forceFlush()
  for (const r of mesh) await r.telemetry.shutdown()
}

describe('one message, one rooted trace across relayers', () => {
  let receiver: OtlpReceiver
  before(async () => { receiver = await startOtlpReceiver() })
  after(async () => { await receiver.close() })

  it('whichever relayer sees a message first, with redeliveries, every trace has exactly one root and no dangling parent', async () => {
    const mesh = startRelayers(receiver)
    ids.forEach((id, i) => {
      // A different relayer first for each message; the middle one also gets the bundle twice (a redelivery).
      const order = [...mesh.slice(i % 3), ...mesh.slice(0, i % 3)]
      for (const [k, r] of order.entries()) {
        process(r, id, true)
        if (k === 1) process(r, id, false)
      }
    })
    await flush(mesh)
    const spans = await receiver.waitFor((s) => s.filter((x) => x.name === 'relaymesh.message').length >= ids.length)
    assert.deepEqual(checkTraceTrees(spans), [])
    for (const id of ids) {
      const mine = spans.filter((s) => s.traceId === messageTraceId(id))
      const roots = mine.filter((s) => s.parentSpanId === undefined)
      const keeper = proposers[destinationOf(id) as keyof typeof proposers] ?? 'r1'
      assert.deepEqual(roots.map((s) => [s.name, s.attributes['relaymesh.trace.keeper'], s.attributes['relaymesh.message.id']]), [['relaymesh.message', keeper, id]], id)
      assert.equal(mine.filter((s) => s.name === 'relaymesh.observe').length, 4, 'three relayers, one of them twice')
      for (const s of mine.filter((x) => x.name !== 'relaymesh.message')) assert.equal(s.parentSpanId, roots[0]?.spanId, s.name)
    }
  })

  it('a watcher killed before its exporter flushed orphans no span of another process: every hop hangs from the root', async () => {
    const before = receiver.spans().length
    // Each relayer's watcher and verifier are separate processes; every watcher dies with its observe spans unexported.
    const watchers = startRelayers(receiver, { OTEL_TRACES_EXPORTER: 'none' }, 'watcher')
    const verifiers = startRelayers(receiver)
    for (const id of ids) for (const [i, w] of watchers.entries()) process(w, id, true, verifiers[i])
    await flush([...watchers, ...verifiers])
    const spans = (await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= ids.length)).slice(before)
    assert.equal(spans.filter((s) => s.name === 'relaymesh.observe').length, 0, 'the killed watchers exported nothing')
    assert.equal(spans.filter((s) => s.name === 'relaymesh.verify').length, ids.length * 3)
    assert.deepEqual(checkTraceTrees(spans), [])
    for (const s of spans.filter((x) => x.name === 'relaymesh.verify')) {
      assert.equal(s.parentSpanId, spans.find((r) => r.name === 'relaymesh.message' && r.traceId === s.traceId)?.spanId)
    }
  })

  it('a ratio sampler keeps or drops a message trace whole, on every relayer alike', async () => {
    const before = receiver.spans().length
    const mesh = startRelayers(receiver, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' })
    for (const id of ids) for (const r of mesh) process(r, id, true)
    const kept = ids.filter((id) => mesh[0]?.telemetry.rootSampled(messageTraceId(id)))
    assert.ok(kept.length > 0 && kept.length < ids.length, `0.5 keeps some of ${ids.length} traces (kept ${kept.length})`)
    await flush(mesh)
    const spans = (await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= kept.length)).slice(before)
    assert.deepEqual(checkTraceTrees(spans), [])
    assert.deepEqual([...new Set(spans.map((s) => s.traceId))].sort(), kept.map(messageTraceId).sort())
  })
})
