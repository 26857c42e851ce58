import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PROPOSALS_MAX_DELIVER, retryDelayMs } from '@relaymesh/bus'
import { proposalRetryBackoff } from './proposalRetryBackoff.js'

/** When delivery `n` (1-based) of a proposal that failed every time before lands, after the first. */
const deliveredAt = (n: number, deadlineMs: number) =>
  Array.from({ length: n - 1 }, (_, k) => retryDelayMs(k + 1, proposalRetryBackoff(deadlineMs))).reduce(
    (a, b) => a + b,
    0,
  )

describe('proposalRetryBackoff', () => {
  for (const deadlineMs of [1_000, 5_000, 30_000, 10 * 60_000, 60 * 60_000]) {
    it(`re-checks soon and still reaches a ${deadlineMs} ms co-sign deadline within the consumer's deliveries`, () => {
      assert.equal(deliveredAt(2, deadlineMs), 250)
      // The last delivery before the dead letter is past the deadline, so the co-signer itself refuses with its code.
      assert.ok(
        deliveredAt(PROPOSALS_MAX_DELIVER, deadlineMs) >= deadlineMs,
        `last delivery at ${deliveredAt(PROPOSALS_MAX_DELIVER, deadlineMs)} ms`,
      )
    })
  }

  it('never waits more than an eighth of the deadline (or a second) between re-checks', () => {
    for (let n = 1; n < PROPOSALS_MAX_DELIVER; n++) assert.ok(retryDelayMs(n, proposalRetryBackoff(30_000)) <= 3_750)
    assert.equal(retryDelayMs(PROPOSALS_MAX_DELIVER, proposalRetryBackoff(2_000)), 1_000)
  })
})
