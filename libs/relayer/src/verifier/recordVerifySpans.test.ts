// The verifier's per-message spans at a sampling ratio: built for the sampled messages alone, each in its own trace;
// nothing at all when the process exports nothing.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createTelemetry, type Telemetry } from '@relaymesh/telemetry'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import type { Hex } from 'viem'
import { countingTracer } from '../testing/countingTracer.js'
import { messageParentContext } from '../tracing/messageParentContext.js'
import { messageTraceId, messageTraceparent } from '../tracing/messageTraceparent.js'
import { recordVerifySpans } from './recordVerifySpans.js'
import type { VerifiedColumns } from './SourceChain.js'

const ids = Array.from({ length: 60 }, (_, i) => `0x${createHash('sha256').update(`m${i}`).digest('hex')}` as Hex)
/** Every fifth message came without a traceparent: its span joins the trace its id derives. */
const withTraceparent = (i: number) => i % 5 !== 0

function columns(): VerifiedColumns {
  const none = new Uint32Array(0)
  return {
    count: ids.length,
    ids: Buffer.concat(ids.map((id) => Buffer.from(id.slice(2), 'hex'))),
    senders: new Uint8Array(0),
    recipients: new Uint8Array(0),
    gasLimits: none,
    payloads: new Uint8Array(0),
    payloadEnds: none,
    txHashes: new Uint8Array(0),
    txHashEnds: none,
    destinations: none,
    nonces: new BigUint64Array(0),
    logIndexes: none,
    traceparents: ids.map((id, i) => (withTraceparent(i) ? messageTraceparent(id) : undefined)),
  }
}

describe('recordVerifySpans', () => {
  let receiver: OtlpReceiver
  before(async () => {
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    await receiver.close()
  })

  const record = (telemetry: Telemetry) => {
    const counted = countingTracer(telemetry.tracer)
    let derived = 0
    recordVerifySpans(
      { ...telemetry, tracer: counted.tracer },
      {
        verified: columns(),
        verification: 'light-client',
        relayerId: 'r1',
        startTime: 1_765_000_000_000,
        endTime: 1_765_000_000_005,
        parentOf: (id) => {
          derived++
          return messageParentContext(telemetry, id)
        },
      },
    )
    return { started: counted.started(), derived }
  }

  it('builds a span for the sampled messages alone, in their own traces, the same ones as every relayer', async () => {
    const telemetry = createTelemetry({
      serviceName: 'verifier-ratio',
      relayerId: 'r1',
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
      },
    })
    const kept = ids.filter((id) => telemetry.rootSampled(messageTraceId(id)))
    assert.ok(kept.length > 10 && kept.length < 50, `0.5 keeps some of ${ids.length} (kept ${kept.length})`)
    const { started, derived } = record(telemetry)
    assert.equal(started, kept.length, 'no span object for an unsampled message')
    assert.equal(derived, ids.filter((_, i) => !withTraceparent(i)).length)
    await telemetry.forceFlush()
    await telemetry.shutdown()
    const spans = (
      await receiver.waitFor((s) => s.filter((x) => x.serviceName === 'verifier-ratio').length >= kept.length)
    ).filter((s) => s.serviceName === 'verifier-ratio')
    assert.deepEqual(
      spans.map((s) => [s.attributes['relaymesh.message.id'], s.traceId]).sort(),
      kept.map((id) => [id, messageTraceId(id)]).sort(),
    )
  })

  it('builds nothing, not even a derived parent, when the process exports nothing', async () => {
    const telemetry = createTelemetry({
      serviceName: 'verifier-none',
      relayerId: 'r1',
      registerGlobal: false,
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER_ARG: '1' },
    })
    assert.deepEqual(record(telemetry), { started: 0, derived: 0 })
    await telemetry.shutdown()
  })
})
