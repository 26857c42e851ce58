import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { countByDestination } from './countByDestination.js'
import { groupVerifiedNotices } from './groupVerifiedNotices.js'

describe('groupVerifiedNotices', () => {
  it('one wake-up per destination for the pull, counting every part, naming the parts it covers', () => {
    const groups = groupVerifiedNotices([
      {
        message: 'a',
        stored: new Map([
          [56, 2],
          [1, 1],
        ]),
      },
      { message: 'b', stored: new Map() }, // refused or failed: wakes nobody
      { message: 'c', stored: new Map([[56, 3]]) },
    ])
    assert.deepEqual(groups, [
      { destination: 56, count: 5, from: ['a', 'c'] },
      { destination: 1, count: 1, from: ['a'] },
    ])
  })

  it('nothing stored: no wake-up', () => {
    assert.deepEqual(groupVerifiedNotices([{ message: 'a', stored: new Map() }]), [])
  })
})

describe('countByDestination', () => {
  it('counts messages per destination', () => {
    assert.deepEqual(
      countByDestination(new Uint32Array([56, 1, 56])),
      new Map([
        [56, 2],
        [1, 1],
      ]),
    )
    assert.deepEqual(countByDestination([]), new Map())
  })
})
