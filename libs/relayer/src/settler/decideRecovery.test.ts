import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideRecovery, type RecoveryDecision, type RecoveryState } from './decideRecovery.js'

const mined = (blockNumber: bigint) => ({ result: { receipt: { blockNumber } } })

describe('decideRecovery', () => {
  it('waits for the follower past the last mined tx, requeues only when nothing is stuck', () => {
    const table: [string, RecoveryState, RecoveryDecision][] = [
      ['nothing persisted', { done: [] }, { followUpTo: undefined, next: 'requeue-lost' }],
      ['booked failed only: nothing to wait for', { done: [{}, {}] }, { followUpTo: undefined, next: 'requeue-lost' }],
      ['one mined', { done: [mined(9n)] }, { followUpTo: 9n, next: 'requeue-lost' }],
      [
        'the highest block of several',
        { done: [mined(12n), {}, mined(4n)] },
        { followUpTo: 12n, next: 'requeue-lost' },
      ],
      [
        'stuck: no requeue, the tx may still land',
        { done: [], stuck: { error: 1 } },
        { followUpTo: undefined, next: 'retry' },
      ],
      [
        'mined, then stuck: wait first, then retry',
        { done: [mined(5n)], stuck: {} },
        { followUpTo: 5n, next: 'retry' },
      ],
    ]
    for (const [name, state, decision] of table) assert.deepEqual(decideRecovery(state), decision, name)
  })
})
