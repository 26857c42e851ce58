import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cosignDeadlinePassed } from './cosignDeadlinePassed.js'

const deadlineMs = 30_000
const maxClockSkewMs = 10_000

describe('cosignDeadlinePassed', () => {
  // [case, now, proposedAt, firstSeenAt, passed]
  const table: Array<[string, number, number, number, boolean]> = [
    ['same clocks, just seen', 100_000, 100_000, 100_000, false],
    ['same clocks, waited the deadline here', 130_000, 100_000, 100_000, true],
    ['proposer 8 s behind: the wait is still the full deadline from first sight', 125_000, 92_000, 100_000, false],
    ['proposer 8 s behind, waited the deadline here', 130_000, 92_000, 100_000, true],
    ['proposer 8 s ahead: not stretched past the deadline here', 130_000, 108_000, 100_000, true],
    ['proposer 8 s ahead, half way', 115_000, 108_000, 100_000, false],
    ['first seen late (after a restart): stale by the proposer clock beyond the skew', 105_000, 60_000, 105_000, true],
    ['stale by the deadline only, within the skew allowance: still waited for', 131_000, 100_000, 131_000, false],
  ]
  for (const [name, now, proposedAt, firstSeenAt, passed] of table) {
    it(name, () =>
      assert.equal(cosignDeadlinePassed({ now, proposedAt, firstSeenAt, deadlineMs, maxClockSkewMs }), passed),
    )
  }
})
