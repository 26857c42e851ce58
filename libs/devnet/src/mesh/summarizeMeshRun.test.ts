import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { summarizeMeshRun } from './summarizeMeshRun.js'

const id = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`
const ids = (from: number, count: number) =>
  new Map(Array.from({ length: count }, (_, i) => [id(from + i), 0] as const))

describe('summarizeMeshRun', () => {
  it('counts lost and twice-executed messages per route from the chain, and CPU per message per relayer identity', () => {
    const executed = new Map([
      [
        56,
        new Map([
          [id(1), 1],
          [id(2), 2],
          [id(3), 1],
        ]),
      ], // id 4 lost, id 2 twice
      [
        1,
        new Map([
          [id(10), 1],
          [id(11), 1],
        ]),
      ],
    ])
    const summary = summarizeMeshRun({
      routes: [
        { route: 'ethereum->bsc', destination: 56, offered: 5, ids: ids(1, 4) },
        { route: 'bsc->ethereum', destination: 1, offered: 2, ids: ids(10, 2) },
      ],
      executed,
      latency: new Map([
        ['ethereum->bsc', { p50: 1, p99: 3 }],
        ['bsc->ethereum', { p50: 1, p99: 7 }],
      ]),
      processes: [
        { name: 'r1/watcher', identity: 'r1', cpuSeconds: 0.001, peakRssBytes: 100 },
        { name: 'r1/settler', identity: 'r1', cpuSeconds: 0.002, peakRssBytes: 300 },
        { name: 'r2/all', identity: 'r2', cpuSeconds: 0.005, peakRssBytes: 200 },
        { name: 'nats-server', identity: undefined, cpuSeconds: 1, peakRssBytes: 5 },
      ],
      loadSeconds: 1,
      totalSeconds: 2.5,
    })
    assert.deepEqual(
      summary.routes.map((r) => [r.route, r.offered, r.sent, r.executed, r.lost, r.executedTwice]),
      [
        ['ethereum->bsc', 5, 4, 3, 1, 1],
        ['bsc->ethereum', 2, 2, 2, 0, 0],
      ],
    )
    assert.equal(summary.executed, 5)
    assert.equal(summary.lost, 1)
    assert.equal(summary.executedTwice, 1)
    assert.equal(summary.sustained, 2)
    assert.equal(summary.p99, 7)
    const r1 = summary.identities.find((i) => i.identity === 'r1')
    assert.equal(r1?.peakRssBytes, 300)
    assert.ok(Math.abs((r1?.cpuMicrosPerMessage ?? 0) - 600) < 1e-9, 'r1: 3 ms over 5 messages')
    assert.equal(summary.identities.length, 2, 'nats-server belongs to no relayer identity')
    assert.equal(summary.processes.find((p) => p.name === 'nats-server')?.cpuMsPer1000, 200_000)
  })

  it('reports zero rates, not NaN, when nothing was executed', () => {
    const summary = summarizeMeshRun({
      routes: [{ route: 'a', destination: 1, offered: 0, ids: new Map() }],
      executed: new Map(),
      latency: new Map(),
      processes: [{ name: 'x', identity: 'r1', cpuSeconds: 1, peakRssBytes: 1 }],
      loadSeconds: 0,
      totalSeconds: 0,
    })
    assert.equal(summary.sustained, 0)
    assert.equal(summary.p99, undefined)
    assert.equal(summary.identities[0]?.cpuMicrosPerMessage, 0)
  })
})
