import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { batchTallyProblems, type BatchTally } from './batchTallyProblems.js'

const whole: BatchTally = { messages: 1_000, batched: 1_000, leaves: 1_000, claimed: 1_000, mismatchedBatches: 0 }

describe('batchTallyProblems', () => {
  const table: [string, Partial<BatchTally>, string[]][] = [
    ['every message stored once, batched once, on its own leaf', {}, []],
    [
      'a message never stored (lost between publish and Postgres)',
      { messages: 999, batched: 999, leaves: 999, claimed: 999 },
      [
        '999 messages stored, 1000 published',
        '999 of 1000 messages batched',
        'batches claim 999 messages, 1000 published',
      ],
    ],
    [
      'a message left verified, in no batch',
      { batched: 999, leaves: 999, claimed: 999 },
      ['999 of 1000 messages batched', 'batches claim 999 messages, 1000 published'],
    ],
    ['two messages on one leaf', { leaves: 999 }, ['1000 batched messages on 999 leaves']],
    [
      'a batch claiming a message twice',
      { claimed: 1_001, mismatchedBatches: 1 },
      ['batches claim 1001 messages, 1000 published', '1 batches whose message count differs from their messages'],
    ],
    ['a message stored twice', { messages: 1_001 }, ['1001 messages stored, 1000 published']],
  ]
  for (const [name, change, problems] of table)
    it(name, () => assert.deepEqual(batchTallyProblems({ ...whole, ...change }, 1_000), problems))

  it('an empty run is whole only when nothing was published', () => {
    const empty = { messages: 0, batched: 0, leaves: 0, claimed: 0, mismatchedBatches: 0 }
    assert.deepEqual(batchTallyProblems(empty, 0), [])
    assert.equal(batchTallyProblems(empty, 10).length, 3)
  })
})
