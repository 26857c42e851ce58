import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { base58ToBytes, classifySearch } from './classifySearch.js'
import { hexToBase58 } from './format.js'

describe('classifySearch', () => {
  it('reads a 32-byte hex value as a message id, then a source transaction, then a sender', () => {
    const hex = `0x${'AB'.repeat(32)}`
    assert.deepEqual(classifySearch(` ${hex} `), {
      lookups: [
        { kind: 'message', id: hex.toLowerCase() },
        { kind: 'sourceTx', hash: hex.toLowerCase() },
        { kind: 'sender', sender: hex.toLowerCase() },
      ],
    })
  })
  it('reads an EVM address as a sender and 64 bytes of hex as a Solana signature', () => {
    assert.deepEqual(classifySearch(`0x${'12'.repeat(20)}`), {
      lookups: [{ kind: 'sender', sender: `0x${'12'.repeat(20)}` }],
    })
    assert.deepEqual(classifySearch(`0x${'cd'.repeat(64)}`), {
      lookups: [{ kind: 'sourceTx', hash: `0x${'cd'.repeat(64)}` }],
    })
  })
  it('decodes base58: a Solana signature (64 bytes) and a Solana address (32 bytes)', () => {
    // The System Program id is 32 zero bytes: 32 '1's in base58.
    assert.deepEqual(base58ToBytes('1'.repeat(32)), new Uint8Array(32))
    assert.deepEqual(classifySearch('1'.repeat(32)), { lookups: [{ kind: 'sender', sender: `0x${'00'.repeat(32)}` }] })
    const signature = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW'
    const classified = classifySearch(signature)
    assert.ok(
      'lookups' in classified &&
        classified.lookups[0]?.kind === 'sourceTx' &&
        classified.lookups[0].hash.length === 2 + 128,
    )
  })
  it('prints a signature back as base58, the way it was searched, leading zero bytes as 1s', () => {
    const signature = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW'
    const bytes = base58ToBytes(signature)!
    assert.equal(hexToBase58(`0x${Buffer.from(bytes).toString('hex')}`), signature)
    assert.equal(hexToBase58('0x0000ff'), '115Q')
    assert.deepEqual(base58ToBytes('115Q'), Uint8Array.from([0, 0, 255]))
  })
  it('explains what it takes when the entry is none of these', () => {
    for (const bad of ['', 'hello', '0x1234', `0x${'zz'.repeat(32)}`]) assert.ok('error' in classifySearch(bad), bad)
  })
})
