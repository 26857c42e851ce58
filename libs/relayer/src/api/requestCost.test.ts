import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRateLimiter } from './createRateLimiter.js'
import { requestCost } from './requestCost.js'

describe('requestCost', () => {
  it('is one for a lookup, and grows with the rows a listing asks for', () => {
    assert.equal(requestCost('/v1/messages/0xab', new URLSearchParams()), 1)
    assert.equal(requestCost('/v1/stats', new URLSearchParams('limit=500')), 1)
    assert.equal(requestCost('/v1/messages', new URLSearchParams()), 2)
    assert.equal(requestCost('/v1/messages', new URLSearchParams('limit=10')), 1)
    assert.equal(requestCost('/v1/batches', new URLSearchParams('limit=500')), 11)
    assert.equal(requestCost('/v1/messages', new URLSearchParams('limit=lots')), 1)
  })

  it("heavy listings exhaust a client's burst sooner than light lookups", () => {
    const limiter = createRateLimiter({ ratePerSecond: 50, burst: 100 }, () => 0)
    let heavy = 0
    while (limiter.take('a', requestCost('/v1/messages', new URLSearchParams('limit=500'))) === 0) heavy++
    let light = 0
    while (limiter.take('b', requestCost('/v1/messages/0xab', new URLSearchParams())) === 0) light++
    assert.deepEqual([heavy, light], [9, 100])
    // The wait says when that many tokens are back: 11 tokens at 50 a second, rounded up to a whole second.
    assert.equal(limiter.take('a', 11), 1)
  })

  it('never asks for more than the burst, so a heavy request can always pass eventually', () => {
    let at = 0
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 5 }, () => at)
    assert.equal(limiter.take('c', 11), 0)
    assert.equal(limiter.take('c', 11), 5)
    at = 5_000
    assert.equal(limiter.take('c', 11), 0)
  })
})
