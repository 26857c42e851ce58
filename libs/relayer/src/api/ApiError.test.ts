import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BaseError } from '@relaymesh/errors'
import { ApiError, API_ERRORS, toHttpError } from './ApiError.js'

describe('ApiError', () => {
  it('maps every code to its status in one place, and hides the cause of a 500', () => {
    for (const [code, { status }] of Object.entries(API_ERRORS))
      // reason: keys of API_ERRORS
      assert.equal(toHttpError(new ApiError(code as keyof typeof API_ERRORS, 'x')).status, status)
    const store = (code: string, action: 'retry' | 'reject' | 'fatal') => new BaseError('db said no', { code, action })
    assert.deepEqual(toHttpError(store('NOT_FOUND', 'reject')).status, 404)
    assert.deepEqual(toHttpError(store('INVALID_INPUT', 'reject')).status, 400)
    assert.deepEqual(toHttpError(store('BATCH_CONFLICT', 'retry')), {
      status: 503,
      body: { error: { code: 'UNAVAILABLE', message: 'a dependency is unavailable, retry later' } },
      internal: true,
    })
    assert.deepEqual(toHttpError(new Error('password=hunter2')), {
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'internal error' } },
      internal: true,
    })
  })
})
