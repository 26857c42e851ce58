import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { failureBackoffMs, LOOP_FAILURE_BACKOFF_MAX_MS } from './failureBackoffMs.js'

describe('failureBackoffMs', () => {
  it('is the interval while steps succeed, then doubles per failure in a row up to the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 10, 100].map((n) => failureBackoffMs(200, n)),
      [
        200,
        200,
        400,
        800,
        1600,
        3200,
        LOOP_FAILURE_BACKOFF_MAX_MS,
        LOOP_FAILURE_BACKOFF_MAX_MS,
        LOOP_FAILURE_BACKOFF_MAX_MS,
      ],
    )
  })
  it('never pauses less than a loop interval longer than the cap', () => {
    assert.deepEqual(
      [0, 1, 5].map((n) => failureBackoffMs(30_000, n)),
      [30_000, 30_000, 30_000],
    )
  })
})
