import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { addSample, summarizeTraffic, TRAFFIC_WINDOW_MS } from './summarizeTraffic.js'

const at = (s: number) => new Date(1_000_000 + s * 1000).toISOString()

describe('summarizeTraffic', () => {
  it('gives executions per minute over the window and the latency of recent executions', () => {
    let samples = addSample([], { at: 1_000_000, byRoute: { '1-56': { executed: 10 } } })
    samples = addSample(samples, { at: 1_030_000, byRoute: { '1-56': { executed: 40 } } })
    const recent = [
      { origin: 1, destination: 56, hops: { observed: at(0), executed: at(4) } },
      { origin: 1, destination: 56, hops: { observed: at(0), executed: at(2) } },
      { origin: 1, destination: 56, hops: { observed: at(0), executed: at(9) } },
    ]
    assert.deepEqual(summarizeTraffic(samples, recent), [
      { route: '1-56', executedInWindow: 30, executedPerMinute: 60, latencyP50Ms: 4000, latencyMaxMs: 9000 },
    ])
  })
  it('measures nothing from one sample, and drops samples older than the window', () => {
    const one = addSample([], { at: 0, byRoute: { '1-56': { executed: 5 } } })
    assert.equal(summarizeTraffic(one, [])[0]?.executedPerMinute, null)
    const later = addSample(one, { at: TRAFFIC_WINDOW_MS + 1, byRoute: {} })
    assert.equal(later.length, 1)
  })
})
