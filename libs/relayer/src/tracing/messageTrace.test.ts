// The trace scheme of one message across relayers: every relayer's spans hang under the
// deterministic root `relaymesh.message`, which only the mesh's trace keeper (the first relayer id) exports, once.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { hexToBytes } from '@relaymesh/protocol'
import { createTelemetry, contextFromTraceparent, type Telemetry } from '@relaymesh/telemetry'
import {
  checkTraceTrees,
  dedupeIdenticalSpans,
  startOtlpReceiver,
  type OtlpReceiver,
} from '@relaymesh/telemetry/testing'
import type { Hex } from 'viem'
import { messageTraceId } from './messageTraceparent.js'
import { recordKeptMessageRoots } from './recordKeptMessageRoots.js'
import { recordObserveSpan } from './recordObserveSpan.js'

const relayers = { r1: '0x01', r2: '0x02', r3: '0x03' }
const ids = Array.from({ length: 12 }, (_, i) => `0x${(i + 1).toString(16).padStart(64, '0')}` as Hex)
const destinationOf = (id: Hex) =>
  Number.parseInt(id.slice(-2), 16) % 3 === 0 ? 1399811150 : Number.parseInt(id.slice(-2), 16) % 2 === 0 ? 56 : 31337

type Relayer = { relayerId: string; telemetry: Telemetry }
/** The source block's timestamp (ms): what the roots start and end at. */
const SENT_AT = 1_765_000_000_000

/**
 * One relayer's hops of one message: observe and verify (both children of the derived root), then its stored-rows hook.
 */
function process(r: Relayer, id: Hex, firstTime: boolean, verifier: Relayer = r) {
  const traceparent = recordObserveSpan(r.telemetry, {
    messageId: id,
    origin: 1,
    blockNumber: '7',
    relayerId: r.relayerId,
  })
  verifier.telemetry.tracer
    .startSpan('relaymesh.verify', { attributes: { 'relaymesh.message.id': id } }, contextFromTraceparent(traceparent))
    .end()
  recordKeptMessageRoots(
    { config: { relayerId: r.relayerId, relayers }, telemetry: verifier.telemetry },
    {
      origin: 1,
      stored: firstTime ? [hexToBytes(id)] : [],
      destinationOf,
      rejected: [],
      verification: 'light-client',
      sentAt: SENT_AT,
    },
  )
}

function startRelayer(
  receiver: OtlpReceiver,
  relayerId: string,
  env: Record<string, string>,
  service: string,
): Relayer {
  return {
    relayerId,
    telemetry: createTelemetry({
      serviceName: `${service}-${relayerId}`,
      relayerId,
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
        ...env,
      },
    }),
  }
}

function startRelayers(receiver: OtlpReceiver, env: Record<string, string> = {}, service = 'verifier'): Relayer[] {
  return Object.keys(relayers).map((relayerId) => startRelayer(receiver, relayerId, env, service))
}

async function flush(mesh: Relayer[]) {
  for (const r of mesh) await r.telemetry.forceFlush()
  for (const r of mesh) await r.telemetry.shutdown()
}

describe('one message, one rooted trace across relayers', () => {
  let receiver: OtlpReceiver
  before(async () => {
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    await receiver.close()
  })

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
      assert.deepEqual(
        roots.map((s) => [s.name, s.attributes['relaymesh.trace.keeper'], s.attributes['relaymesh.message.id']]),
        [['relaymesh.message', 'r1', id]],
        id,
      )
      assert.equal(mine.filter((s) => s.name === 'relaymesh.observe').length, 4, 'three relayers, one of them twice')
      for (const s of mine.filter((x) => x.name !== 'relaymesh.message'))
        assert.equal(s.parentSpanId, roots[0]?.spanId, s.name)
    }
  })

  it('a watcher killed before its exporter flushed orphans no span of another process: every hop hangs from the root', async () => {
    const before = receiver.spans().length
    // Each relayer's watcher and verifier are separate processes; every watcher dies with its observe spans unexported.
    const watchers = startRelayers(receiver, { OTEL_TRACES_EXPORTER: 'none' }, 'watcher')
    const verifiers = startRelayers(receiver)
    for (const id of ids) for (const [i, w] of watchers.entries()) process(w, id, true, verifiers[i])
    await flush([...watchers, ...verifiers])
    const spans = (
      await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= ids.length)
    ).slice(before)
    assert.equal(spans.filter((s) => s.name === 'relaymesh.observe').length, 0, 'the killed watchers exported nothing')
    assert.equal(spans.filter((s) => s.name === 'relaymesh.verify').length, ids.length * 3)
    assert.deepEqual(checkTraceTrees(spans), [])
    for (const s of spans.filter((x) => x.name === 'relaymesh.verify')) {
      assert.equal(s.parentSpanId, spans.find((r) => r.name === 'relaymesh.message' && r.traceId === s.traceId)?.spanId)
    }
  })

  it('a claim every relayer refuses, which none stores, is rooted: the first relayer exports its root, ERROR with the reason', async () => {
    const before = receiver.spans().length
    const mesh = startRelayers(receiver)
    const forged = ids.map((id) => `0xff${id.slice(4)}` as Hex)
    for (const r of mesh) {
      for (const id of forged)
        recordObserveSpan(r.telemetry, { messageId: id, origin: 1, blockNumber: '7', relayerId: r.relayerId })
      recordKeptMessageRoots(
        { config: { relayerId: r.relayerId, relayers }, telemetry: r.telemetry },
        {
          origin: 1,
          stored: [],
          destinationOf: () => undefined,
          verification: 'light-client',
          sentAt: SENT_AT,
          rejected: [
            ...forged.map((id) => ({ id, code: 'LOG_NOT_IN_RECEIPT' })),
            { id: forged[0], code: 'LOG_NOT_IN_RECEIPT' },
            { id: undefined, code: 'BUNDLE_MALFORMED' },
          ],
        },
      )
    }
    await flush(mesh)
    const spans = (
      await receiver.waitFor(
        (s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= forged.length,
      )
    ).slice(before)
    assert.deepEqual(checkTraceTrees(spans), [])
    const roots = spans.filter((s) => s.name === 'relaymesh.message')
    assert.deepEqual(
      roots.map((s) => s.attributes['relaymesh.message.id']).sort(),
      [...forged].sort(),
      'one root per refused claim',
    )
    for (const root of roots) {
      assert.deepEqual(
        [root.attributes['relaymesh.trace.keeper'], root.attributes['relaymesh.reason_code'], root.status.code],
        ['r1', 'LOG_NOT_IN_RECEIPT', 2],
      )
      assert.equal('relaymesh.destination' in root.attributes, false, 'a refused claim has no proven destination')
    }
  })

  it('a keeper whose database was wiped exports its roots again as the same span to the byte, which Jaeger shows once', async () => {
    const before = receiver.spans().length
    // The keeper (r1) stores the same messages for the first time twice: before and after its database was
    // wiped, in another pod (the chart puts the pod's name in every resource but the roots').
    const kept = ids.filter((id) => destinationOf(id) === 56)
    for (const life of [1, 2]) {
      const mesh = startRelayers(receiver, { OTEL_RESOURCE_ATTRIBUTES: `k8s.pod.name=verifier-${life}` })
      for (const id of kept) for (const r of mesh) process(r, id, true)
      await flush(mesh)
      await receiver.waitFor(
        (s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= kept.length * life,
      )
    }
    const spans = receiver.spans().slice(before)
    const roots = spans.filter((s) => s.name === 'relaymesh.message')
    assert.equal(roots.length, kept.length * 2, 'exported twice')
    assert.equal(dedupeIdenticalSpans(roots).length, kept.length, 'each copy identical to the first')
    assert.deepEqual(checkTraceTrees(spans), [])
    assert.equal(
      spans.filter((s) => s.name === 'relaymesh.observe' && s.resource['k8s.pod.name'] === 'verifier-2').length,
      kept.length * 3,
      'other spans keep the pod',
    )
    for (const root of roots)
      assert.deepEqual([root.startTimeUnixNano, root.endTimeUnixNano], [`${SENT_AT}000000`, `${SENT_AT}000000`])
  })

  it("relayers that disagree about a claim export one root, the keeper's verdict, whichever way they disagree", async () => {
    const before = receiver.spans().length
    const mesh = startRelayers(receiver)
    // Even ids: the keeper (r1) refuses the claim while r2 and r3 store it; odd ids: r1 stores it and r2 refuses it.
    // With a keeper per destination (r2 for 56) beside one for refused claims (r1), each would have had two roots.
    for (const [i, id] of ids.entries()) {
      for (const r of mesh) {
        const refuses = i % 2 === 0 ? r.relayerId === 'r1' : r.relayerId === 'r2'
        recordObserveSpan(r.telemetry, { messageId: id, origin: 1, blockNumber: '7', relayerId: r.relayerId })
        recordKeptMessageRoots(
          { config: { relayerId: r.relayerId, relayers }, telemetry: r.telemetry },
          {
            origin: 1,
            verification: 'light-client',
            sentAt: SENT_AT,
            ...(refuses
              ? { stored: [], destinationOf: () => undefined, rejected: [{ id, code: 'LOG_NOT_IN_RECEIPT' }] }
              : { stored: [hexToBytes(id)], destinationOf: () => 56, rejected: [] }),
          },
        )
      }
    }
    await flush(mesh)
    const spans = (
      await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= ids.length)
    ).slice(before)
    assert.deepEqual(checkTraceTrees(spans), [])
    for (const [i, id] of ids.entries()) {
      const roots = spans.filter((s) => s.name === 'relaymesh.message' && s.attributes['relaymesh.message.id'] === id)
      assert.deepEqual(
        roots.map((s) => [s.attributes['relaymesh.trace.keeper'], s.status.code]),
        [['r1', i % 2 === 0 ? 2 : 0]],
        id,
      )
    }
  })

  it('a ratio sampler keeps or drops a message trace whole, on every relayer alike', async () => {
    const before = receiver.spans().length
    const mesh = startRelayers(receiver, {
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
    })
    for (const id of ids) for (const r of mesh) process(r, id, true)
    const kept = ids.filter((id) => mesh[0]?.telemetry.rootSampled(messageTraceId(id)))
    assert.ok(
      kept.length > 0 && kept.length < ids.length,
      `0.5 keeps some of ${ids.length} traces (kept ${kept.length})`,
    )
    await flush(mesh)
    const spans = (
      await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= kept.length)
    ).slice(before)
    assert.deepEqual(checkTraceTrees(spans), [])
    assert.deepEqual([...new Set(spans.map((s) => s.traceId))].sort(), kept.map(messageTraceId).sort())
  })

  it('a watcher that exports nothing or samples nothing cuts no trace: the verifiers keep the same traces, whole', async () => {
    const before = receiver.spans().length
    const ratio = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' }
    // r1's watcher exports nothing; r2's samples nothing, so the traceparents it stores say "not sampled".
    const watchers = [
      startRelayer(receiver, 'r1', { ...ratio, OTEL_TRACES_EXPORTER: 'none' }, 'watcher'),
      startRelayer(receiver, 'r2', { OTEL_TRACES_SAMPLER: 'always_off' }, 'watcher'),
      startRelayer(receiver, 'r3', ratio, 'watcher'),
    ]
    const verifiers = startRelayers(receiver, ratio)
    const kept = ids.filter((id) => verifiers[0]?.telemetry.rootSampled(messageTraceId(id)))
    assert.ok(kept.length > 0 && kept.length < ids.length, `0.5 keeps some of ${ids.length} (kept ${kept.length})`)
    for (const id of ids) for (const [i, w] of watchers.entries()) process(w, id, true, verifiers[i])
    await flush([...watchers, ...verifiers])
    const spans = (
      await receiver.waitFor((s) => s.slice(before).filter((x) => x.name === 'relaymesh.message').length >= kept.length)
    ).slice(before)
    assert.deepEqual([...new Set(spans.map((s) => s.traceId))].sort(), kept.map(messageTraceId).sort())
    assert.deepEqual(checkTraceTrees(spans), [])
    for (const id of kept) {
      const mine = spans.filter((s) => s.traceId === messageTraceId(id))
      assert.deepEqual(
        mine.map((s) => `${s.name} ${s.serviceName}`).sort(),
        [
          'relaymesh.message verifier-r1',
          'relaymesh.observe watcher-r3',
          'relaymesh.verify verifier-r1',
          'relaymesh.verify verifier-r2',
          'relaymesh.verify verifier-r3',
        ],
        id,
      )
    }
  })
})
