import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nextBatchLimit } from './nextBatchLimit.js'

describe('nextBatchLimit', () => {
  it('is the full batch size with no batch yet or after one that is proposed, signed, submitted or settled', () => {
    assert.equal(nextBatchLimit(null, 4_000), 4_000)
    for (const state of ['proposed', 'signed', 'submitted', 'settled'] as const)
      assert.equal(nextBatchLimit({ state, messageCount: 10 }, 4_000), 4_000)
  })

  it('halves the refused batch, down to one message, across repeated refusals', () => {
    const sizes = [4_000]
    while (sizes.at(-1)! > 1) sizes.push(nextBatchLimit({ state: 'refused', messageCount: sizes.at(-1)! }, 4_000))
    assert.deepEqual(sizes.slice(0, 4), [4_000, 2_000, 1_000, 500])
    assert.equal(sizes.at(-1), 1)
    assert.equal(nextBatchLimit({ state: 'refused', messageCount: 1 }, 4_000), 1)
  })

  it('never exceeds the configured size (a smaller maxMessages after a restart)', () => {
    assert.equal(nextBatchLimit({ state: 'refused', messageCount: 4_000 }, 500), 500)
  })
})
