import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { StatsSample } from './summarizeTraffic.js'
import { trafficSeries } from './trafficSeries.js'

const iso = (ms: number) => new Date(ms).toISOString()
const T = 1_000_000

describe('trafficSeries', () => {
  it('gives executions per minute per poll interval and the median latency of the executions in each', () => {
    const samples: StatsSample[] = [
      { at: T, byRoute: { '1-56': { executed: 10 } } },
      { at: T + 3_000, byRoute: { '1-56': { executed: 13 } } },
      { at: T + 6_000, byRoute: { '1-56': { executed: 13 }, '56-1': { executed: 1 } } },
    ]
    const recent = [
      // 5 s, first interval
      { origin: 1, destination: 56, hops: { observed: iso(T - 4_000), executed: iso(T + 1_000) } },
      // 3 s, first interval
      { origin: 1, destination: 56, hops: { observed: iso(T - 1_000), executed: iso(T + 2_000) } },
      // before the window: no point
      { origin: 1, destination: 56, hops: { observed: iso(T - 9_000), executed: iso(T - 500) } },
      { origin: 1, destination: 56, hops: { observed: iso(T), executed: null } },
    ]
    assert.deepEqual(trafficSeries(samples, recent), [
      {
        route: '1-56',
        throughput: [
          { at: T + 3_000, value: 60 },
          { at: T + 6_000, value: 0 },
        ],
        latency: [{ at: T + 3_000, value: 3_000 }],
      },
      {
        route: '56-1',
        throughput: [
          { at: T + 3_000, value: 0 },
          { at: T + 6_000, value: 20 },
        ],
        latency: [],
      },
    ])
  })
  it('has no point from a single sample, and never a negative rate when a count goes down', () => {
    assert.deepEqual(trafficSeries([{ at: T, byRoute: { '1-56': { executed: 4 } } }], [])[0]?.throughput, [])
    const down = trafficSeries(
      [
        { at: T, byRoute: { '1-56': { executed: 4 } } },
        { at: T + 1_000, byRoute: { '1-56': { executed: 2 } } },
      ],
      [],
    )
    assert.deepEqual(down[0]?.throughput, [{ at: T + 1_000, value: 0 }])
  })
})
