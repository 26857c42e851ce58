import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideHoldback, type HoldbackEvent } from './decideHoldback.js'

const options = { cosignDeadlineMs: 30_000 }

describe('decideHoldback', () => {
  const table: [string, number, HoldbackEvent, number][] = [
    ['co-signers keep up: nothing held back', 0, { kind: 'quorum', waitedMs: 800 }, 0],
    ['a first refusal holds back half the co-sign deadline', 0, { kind: 'refused' }, 15_000],
    ['each refusal in a row doubles it', 15_000, { kind: 'refused' }, 30_000],
    ['up to four deadlines', 90_000, { kind: 'refused' }, 120_000],
    ['a quick quorum halves it', 60_000, { kind: 'quorum', waitedMs: 5_000 }, 30_000],
    ['a slow quorum keeps it', 60_000, { kind: 'quorum', waitedMs: 20_000 }, 60_000],
    ['below a second it is dropped', 1_500, { kind: 'quorum', waitedMs: 100 }, 0],
  ]
  for (const [name, before, event, after] of table)
    it(name, () => assert.equal(decideHoldback(before, event, options), after))

  it('under a co-signer lag that stays, refusals stop: the holdback settles where quorums come within the deadline', () => {
    // A co-signer verifies each message 50 s after the proposer; it signs when the newest message of a proposal is
    // at least 50 s - 30 s (its deadline) old at proposal time, i.e. when the holdback is 20 s or more.
    let holdback = 0
    const outcomes: string[] = []
    for (let round = 0; round < 12; round++) {
      const signed = holdback >= 20_000
      outcomes.push(signed ? 'quorum' : 'refused')
      const waitedMs = Math.max(0, 50_000 - holdback)
      holdback = decideHoldback(holdback, signed ? { kind: 'quorum', waitedMs } : { kind: 'refused' }, options)
    }
    assert.equal(outcomes.filter((o) => o === 'refused').length, 2, outcomes.join(' '))
    assert.ok(
      outcomes.slice(2).every((o) => o === 'quorum'),
      outcomes.join(' '),
    )
  })
})
