// The keeper's roots at a sampling ratio: one for each sampled message alone, whether the decision comes from the
// stored traceparents or from hashing the ids; none from a keeper that records nothing.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { createTelemetry, trace, type Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageTraceId, messageTraceparent } from './messageTraceparent.js'
import { recordKeptMessageRoots } from './recordKeptMessageRoots.js'

const relayers = { r1: '0x01', r2: '0x02' }
const ids = Array.from({ length: 80 }, (_, i) => `0x${createHash('sha256').update(`m${i}`).digest('hex')}` as Hex)

/**
 * The roots a keeper that records `recording` makes (by trace id), sampling as `telemetry` decides; its
 * `startRootSpan` only counts them.
 */
function keep(telemetry: Telemetry, recording: boolean, traceparentOf?: (id: Hex) => string | undefined): string[] {
  const rooted: string[] = []
  const counted = {
    recording,
    recordsTrace: (traceId: string) => recording && telemetry.rootSampled(traceId),
    startRootSpan: ((_name, rootIds) => {
      rooted.push(rootIds.traceId)
      return trace.wrapSpanContext({ ...rootIds, traceFlags: 1 })
    }) satisfies Telemetry['startRootSpan'],
  }
  const n = recordKeptMessageRoots(
    { config: { relayerId: 'r1', relayers }, telemetry: counted },
    {
      origin: 1,
      stored: ids.map((id) => Buffer.from(id.slice(2), 'hex')),
      destinationOf: () => 56,
      traceparentOf,
      rejected: [],
      verification: 'light-client',
      sentAt: 1_765_000_000_000,
    },
  )
  assert.equal(n, rooted.length)
  return rooted.sort()
}

describe('recordKeptMessageRoots at a sampling ratio', () => {
  const make = (env: Record<string, string>) =>
    createTelemetry({ serviceName: 'verifier', relayerId: 'r1', registerGlobal: false, env })

  it('roots exactly the sampled messages, deciding from the stored traceparents as from the ids', async () => {
    // The mesh's decision (`rootSampled`) is the configured one whether or not this process exports.
    const telemetry = make({ OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER_ARG: '0.5' })
    const kept = ids.filter((id) => telemetry.rootSampled(messageTraceId(id)))
    assert.ok(kept.length > 10 && kept.length < 70, `0.5 keeps some of ${ids.length} (kept ${kept.length})`)
    assert.deepEqual(keep(telemetry, true), kept.map(messageTraceId).sort())
    assert.deepEqual(keep(telemetry, true, messageTraceparent), kept.map(messageTraceId).sort())
    // A message the watcher sent no traceparent for is decided by its id.
    assert.deepEqual(
      keep(telemetry, true, () => undefined),
      kept.map(messageTraceId).sort(),
    )
    await telemetry.shutdown()
  })

  it('roots nothing on a keeper that records nothing', async () => {
    const telemetry = make({ OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER_ARG: '1' })
    assert.deepEqual(keep(telemetry, telemetry.recording, messageTraceparent), [])
    await telemetry.shutdown()
  })
})
