import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLatencyBreakdown } from './formatLatencyBreakdown.js'

describe('formatLatencyBreakdown', () => {
  it('prints the hops per route, the quorum wait per destination and each co-signer lag', () => {
    const lines = formatLatencyBreakdown(
      {
        hops: [
          {
            route: 'ethereum->bsc',
            hops: [{ p50: 11.29, p99: 15.5 }, { p50: 10.8, p99: 24.71 }, undefined, { p50: 4.48, p99: 8.15 }],
          },
        ],
        quorumWait: [{ destination: 31356, batches: 4, p50: 9.4, p99: 23.7, max: 23.75 }],
        lag: [
          { relayerId: 'r2', lag: { count: 11418, p50: 13.47, p99: 25.94 } },
          { relayerId: 'r3', lag: undefined },
        ],
      },
      'r1',
    )
    assert.deepEqual(lines.slice(2), [
      'ethereum->bsc                                  11.3 / 15.5       10.8 / 24.7' +
        '                 -         4.5 / 8.2',
      'quorum wait on bsc-local (batch row → quorum of signatures, 4 batches): p50 9.4 s, p99 23.7 s, max 23.8 s',
      'r2 observed the same 11418 messages p50 13.5 s, p99 25.9 s after r1',
      'r3 shares no observed message with r1',
    ])
    assert.match(lines[1] ?? '', /^where the time goes \(r1's hops, p50 \/ p99 s\)/)
  })
})
