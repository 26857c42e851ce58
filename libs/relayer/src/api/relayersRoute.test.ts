import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RelayerError } from '../RelayerError.js'
import { withTimeout } from './relayersRoute.js'

describe('withTimeout (a chain read for /v1/relayers)', () => {
  it('passes an answer in time through', async () => {
    assert.equal(await withTimeout(Promise.resolve(7n), 60_000), 7n)
  })

  it('turns a read that never answers into a retryable CHAIN_UNREADABLE', async () => {
    const never = new Promise<never>(() => {})
    const error = await withTimeout(never, 5).then(
      () => assert.fail('a read that never answers resolved'),
      (e: unknown) => e,
    )
    assert.ok(error instanceof RelayerError)
    assert.deepEqual(
      [error.code, error.action, error.shortMessage, error.meta],
      ['CHAIN_UNREADABLE', 'retry', 'no answer in 5 ms', { timeoutMs: 5 }],
    )
  })
})
