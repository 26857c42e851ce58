import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createRateLimiter } from './createRateLimiter.js'
import { checkAdminToken } from './checkAdminToken.js'

describe('createRateLimiter', () => {
  it('allows a burst, then the rate, per client, and says when to come back', () => {
    let t = 0
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3 }, () => t)
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take('a')),
      [0, 0, 0],
    )
    assert.equal(limiter.take('a'), 1, 'empty: one token takes 0.5 s, rounded up to 1 s')
    assert.equal(limiter.take('b'), 0, 'another client has its own bucket')
    t = 500
    assert.deepEqual([limiter.take('a'), limiter.take('a')], [0, 1])
    t = 10_000
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.take('a')),
      [0, 0, 0, 1],
      'refills up to the burst, no more',
    )
  })

  it('drops full buckets when it holds too many clients', () => {
    let t = 0
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxClients: 2 }, () => t)
    limiter.take('a')
    limiter.take('b')
    t = 5_000
    assert.equal(limiter.take('c'), 0)
    assert.equal(limiter.take('a'), 0, 'a was dropped (full) and starts with a full bucket')
  })
})

describe('checkAdminToken', () => {
  const token = 's3cret-token-of-some-length'
  it('accepts the bearer token, with any case of the scheme', () => {
    checkAdminToken(token, `Bearer ${token}`)
    checkAdminToken(token, `bearer  ${token}`)
  })
  it('rejects with a reason code', () => {
    assert.throws(() => checkAdminToken(undefined, `Bearer ${token}`), { code: 'ADMIN_DISABLED' })
    assert.throws(() => checkAdminToken(token, undefined), { code: 'UNAUTHORIZED' })
    assert.throws(() => checkAdminToken(token, `Basic ${token}`), { code: 'UNAUTHORIZED' })
    assert.throws(() => checkAdminToken(token, 'Bearer '), { code: 'UNAUTHORIZED' })
    assert.throws(() => checkAdminToken(token, `Bearer ${token}x`), { code: 'FORBIDDEN' })
    assert.throws(() => checkAdminToken(token, `Bearer ${token.slice(0, 5)}`), { code: 'FORBIDDEN' })
  })
})
