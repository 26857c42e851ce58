import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { stringifyRpcJson } from './jsonRpc.js'

describe('stringifyRpcJson', () => {
  it('writes bigints as JSON number literals, at any depth, beyond 2^53', () => {
    const json = stringifyRpcJson({ lamports: 18446744073709551615n, meta: { fee: 5000n, pre: [1n, 2n] }, slot: 7 })
    assert.equal(json, '{"lamports":18446744073709551615,"meta":{"fee":5000,"pre":[1,2]},"slot":7}')
  })

  it('writes values without bigints exactly as JSON.stringify does', () => {
    const value = [{ signature: 'abc', memo: '[3] "x"', err: null, slot: 1, nested: { a: [1, 'b'] } }]
    assert.equal(stringifyRpcJson(value), JSON.stringify(value))
  })

  it('keeps a string that looks like its bigint mark a string when the value holds no bigint', () => {
    const value = { memo: '__relaymesh_u64__12' }
    assert.equal(stringifyRpcJson(value), JSON.stringify(value))
  })

  it('throws on what JSON cannot hold (a cycle)', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    assert.throws(() => stringifyRpcJson(cyclic), TypeError)
  })
})
