import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createFirstTimeFilter } from './createFirstTimeFilter.js'

describe('createFirstTimeFilter', () => {
  it('is new until added, then not', () => {
    const fresh = createFirstTimeFilter(2)
    assert.equal(fresh.isNew('a'), true)
    fresh.add('a')
    assert.equal(fresh.isNew('a'), false)
  })

  it('forgets the oldest key beyond its size, keeping the ones added again', () => {
    const fresh = createFirstTimeFilter(2)
    fresh.add('a')
    fresh.add('b')
    fresh.add('a')
    fresh.add('c')
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => fresh.isNew(k)),
      [false, true, false],
    )
  })
})
