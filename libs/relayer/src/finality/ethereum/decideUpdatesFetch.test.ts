import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideUpdatesFetch, defaultUpdatesFetchOptions, type UpdatesFetchState } from './decideUpdatesFetch.js'

describe('decideUpdatesFetch', () => {
  const cases: [string, UpdatesFetchState, boolean][] = [
    ['no bootstrap yet: nothing to ask from', { period: undefined, finalityPeriod: 5, pollsSinceUpdates: 99 }, false],
    ['first poll after the bootstrap', { period: 2, finalityPeriod: undefined, pollsSinceUpdates: 32 }, true],
    [
      'finality in the known period: nothing new is needed',
      { period: 2, finalityPeriod: 2, pollsSinceUpdates: 1 },
      false,
    ],
    ['finality moved into the next period', { period: 2, finalityPeriod: 3, pollsSinceUpdates: 1 }, true],
    ['finality several periods ahead', { period: 2, finalityPeriod: 9, pollsSinceUpdates: 0 }, true],
    ['finality behind the known period', { period: 4, finalityPeriod: 3, pollsSinceUpdates: 5 }, false],
    ['no finality update yet, refresh not due', { period: 2, finalityPeriod: undefined, pollsSinceUpdates: 31 }, false],
    ['refresh due', { period: 2, finalityPeriod: 2, pollsSinceUpdates: 32 }, true],
  ]
  for (const [name, state, expected] of cases) {
    it(name, () => assert.equal(decideUpdatesFetch(state, defaultUpdatesFetchOptions), expected))
  }

  it('an idle feeder reads the updates once per refresh interval, not at every poll', () => {
    let pollsSinceUpdates = defaultUpdatesFetchOptions.refreshPolls
    let reads = 0
    for (let poll = 0; poll < 320; poll++) {
      const fetch = decideUpdatesFetch({ period: 7, finalityPeriod: 7, pollsSinceUpdates }, defaultUpdatesFetchOptions)
      pollsSinceUpdates = fetch ? 1 : pollsSinceUpdates + 1
      if (fetch) reads++
    }
    assert.equal(reads, 10)
  })
})
