import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseBatchKey, parseMessageId, parseSourceTx } from './parseApiParams.js'

describe('parseApiParams', () => {
  it('accepts 32-byte ids in either case and rejects everything else with INVALID_ID', () => {
    assert.equal(parseMessageId(`0x${'aB'.repeat(32)}`).length, 32)
    for (const bad of [
      '',
      '0x',
      `0x${'a'.repeat(63)}`,
      `0x${'a'.repeat(66)}`,
      `${'a'.repeat(64)}`,
      `0x${'g'.repeat(64)}`,
      `0X${'a'.repeat(64)}`,
    ])
      assert.throws(() => parseMessageId(bad), { code: 'INVALID_ID' }, bad)
  })

  it('takes a 32- or 64-byte source tx from the query', () => {
    assert.equal(parseSourceTx(new URLSearchParams(`sourceTx=0x${'01'.repeat(32)}`)).length, 32)
    assert.equal(parseSourceTx(new URLSearchParams(`sourceTx=0x${'01'.repeat(64)}`)).length, 64)
    assert.throws(() => parseSourceTx(new URLSearchParams('')), { code: 'INVALID_QUERY' })
    assert.throws(() => parseSourceTx(new URLSearchParams(`sourceTx=0x${'01'.repeat(33)}`)), {
      code: 'INVALID_SOURCE_TX',
    })
  })

  it('parses a uint32 destination and a uint64 index in canonical decimal', () => {
    assert.deepEqual(parseBatchKey('56', '7'), { destination: 56, batchIndex: 7n })
    assert.deepEqual(parseBatchKey('4294967295', '18446744073709551615'), {
      destination: 4294967295,
      batchIndex: 18446744073709551615n,
    })
    for (const [d, i] of [
      ['4294967296', '0'],
      ['1', '18446744073709551616'],
      ['-1', '0'],
      ['1', '1.5'],
      ['01', '0'],
      ['1', '0x1'],
      ['', '0'],
      ['1', ' 1'],
    ])
      assert.throws(() => parseBatchKey(d!, i!), { code: 'INVALID_BATCH_KEY' }, `${d}/${i}`)
  })
})
