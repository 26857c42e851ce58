import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StaleUnbatchedBlock } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import type { ReobserveHint } from './ReobserveHint.js'
import type { ReobserveHintsDeps } from './ReobserveHintsDeps.js'
import { publishReobserveHints } from './startReobserveHints.js'

const block = (origin: number, n: number): StaleUnbatchedBlock => ({
  origin,
  number: BigInt(n),
  hash: new Uint8Array(32).fill(n),
  ids: [new Uint8Array(32).fill(100 + n)],
})

/** Stale blocks by destination in memory; keeps the queries and the hints sent. */
function inMemory(stale: Record<number, StaleUnbatchedBlock[]>) {
  const queries: { destination: number; olderThanMs: number; limit: number }[] = []
  const sent: ReobserveHint[] = []
  const deps: ReobserveHintsDeps = {
    listStaleBlocks: async (p) => {
      queries.push(p)
      return stale[p.destination] ?? []
    },
    publishHint: (hint) => sent.push(hint),
    logger: createLogger({ name: 'reobserve', level: 'silent' }),
  }
  return { deps, queries, sent }
}

describe('publishReobserveHints (in memory)', () => {
  it('asks every destination for blocks older than reobserveAfterMs and sends one hint per readable origin', async () => {
    const { deps, queries, sent } = inMemory({ 1: [block(10, 2), block(11, 3)], 2: [block(10, 1), block(99, 4)] })
    await publishReobserveHints(deps, { reobserveAfterMs: 60_000, destinations: [1, 2], origins: new Set([10, 11]) })
    assert.deepEqual(
      queries.map((q) => [q.destination, q.olderThanMs]),
      [
        [1, 60_000],
        [2, 60_000],
      ],
    )
    assert.deepEqual(
      sent.map((h) => [h.origin, h.blocks.map((b) => b.number)]),
      [
        [10, [1n, 2n]],
        [11, [3n]],
      ],
      'origin 99 is read by no relayer this one knows: no hint',
    )
  })

  it('sends nothing when no message waits', async () => {
    const { deps, sent } = inMemory({})
    await publishReobserveHints(deps, { reobserveAfterMs: 1_000, destinations: [1], origins: new Set([10]) })
    assert.deepEqual(sent, [])
  })
})
