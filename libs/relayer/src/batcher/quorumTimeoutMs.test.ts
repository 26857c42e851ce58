import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { quorumTimeoutMs } from './sealNextBatch.js'

const withDeadline = (cosignDeadlineMs: number) =>
  // reason: only the deadline is read
  ({ config: { batch: { cosignDeadlineMs } } }) as unknown as Pick<RelayerContext, 'config'>

describe('quorumTimeoutMs', () => {
  it('waits past the co-sign deadline by a grace of at least 5 s or a quarter of it, not a second deadline', () => {
    assert.equal(quorumTimeoutMs(withDeadline(30_000)), 37_500)
    assert.equal(quorumTimeoutMs(withDeadline(2_000)), 7_000)
    assert.equal(quorumTimeoutMs(withDeadline(600_000)), 750_000)
  })
})
