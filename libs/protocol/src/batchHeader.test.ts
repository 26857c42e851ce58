import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hashStruct, pad } from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import { BATCH_HEADER_TYPES, hashBatchHeader } from './batchHeader.js'

test('hashBatchHeader equals the EIP-712 hashStruct (viem as reference), field extremes included', () => {
  const headers = [
    { destination: 31356, batchIndex: 0n, root: pad('0x1234'), messageCount: 4, previousBatchHash: pad('0x00') },
    {
      destination: 0xffff_ffff,
      batchIndex: 2n ** 64n - 1n,
      root: pad('0xab', { dir: 'right' }),
      messageCount: 0xffff_ffff,
      previousBatchHash: pad('0xff', { dir: 'right' }),
    },
  ] as const
  for (const header of headers)
    assert.equal(
      hashBatchHeader(header),
      hashStruct({ data: header, primaryType: 'BatchHeader', types: BATCH_HEADER_TYPES }),
    )
})

test('hashBatchHeader refuses a root that is not 32 bytes', () => {
  assert.throws(
    () =>
      hashBatchHeader({
        destination: 1,
        batchIndex: 0n,
        root: '0x12',
        messageCount: 1,
        previousBatchHash: pad('0x00'),
      }),
    (e) => isRelaymeshError(e, 'HEX_INVALID'),
  )
})
