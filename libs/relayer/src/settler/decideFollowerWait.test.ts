import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideFollowerWait, type FollowerWaitState } from './decideFollowerWait.js'

describe('decideFollowerWait', () => {
  it('is done once the cursor reaches the block, gives up at the deadline, polls otherwise', () => {
    const at = (cursor: bigint | undefined, now: number): FollowerWaitState => ({
      block: 10n,
      cursor,
      now,
      deadline: 100,
    })
    const table: [string, FollowerWaitState, ReturnType<typeof decideFollowerWait>][] = [
      ['not read yet', at(undefined, 0), 'poll'],
      ['behind', at(9n, 50), 'poll'],
      ['at the block', at(10n, 50), 'done'],
      ['past the block', at(11n, 50), 'done'],
      ['caught up just at the deadline still counts', at(10n, 100), 'done'],
      ['behind at the deadline', at(9n, 100), 'give-up'],
      ['never read and the deadline passed (a zero timeout)', at(undefined, 100), 'give-up'],
    ]
    for (const [name, state, decision] of table) assert.equal(decideFollowerWait(state), decision, name)
  })
})
