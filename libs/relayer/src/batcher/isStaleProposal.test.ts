import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isStaleProposal } from './isStaleProposal.js'

describe('isStaleProposal', () => {
  const table: [string, number | undefined, number, boolean][] = [
    ['the first proposal seen at an index', undefined, 1_000, false],
    ['a redelivery of the newest one', 1_000, 1_000, false],
    ['a newer proposal (the proposer refused and proposed again)', 1_000, 40_000, false],
    ['an older proposal redelivered after a newer one was seen', 40_000, 1_000, true],
    ['one ms older', 1_000, 999, true],
  ]
  for (const [name, newestSeenAt, proposedAt, stale] of table)
    it(name, () => assert.equal(isStaleProposal({ newestSeenAt, proposedAt }), stale))
})
