import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ResponseBodyTooLargeError, TimeoutError } from 'viem'
import { forEachBlockRange } from './forEachBlockRange.js'

describe('forEachBlockRange', () => {
  it('covers the whole span in order, once per block, halving a range whose answer is too large', async () => {
    const read: [bigint, bigint][] = []
    // Blocks 40..59 are busy: any range holding more than 3 of them answers too much.
    await forEachBlockRange({ fromBlock: 0n, toBlock: 99n, step: 32n }, async (from, to) => {
      const busy = [...Array(Number(to - from + 1n)).keys()]
        .map((i) => from + BigInt(i))
        .filter((b) => b >= 40n && b < 60n).length
      if (busy > 3) throw new ResponseBodyTooLargeError({ maxSize: 10, size: busy * 10 })
      read.push([from, to])
    })
    const blocks = read.flatMap(([from, to]) => [...Array(Number(to - from + 1n)).keys()].map((i) => from + BigInt(i)))
    assert.deepEqual(blocks, [...Array(100).keys()].map(BigInt), 'every block once, in order')
    assert.deepEqual(read[0], [0n, 31n])
    assert.ok(
      read.some(([from, to]) => to - from + 1n <= 2n),
      'the busy ranges read in halves',
    )
  })

  it('rethrows other errors, and a single block that is still too large', async () => {
    await assert.rejects(
      forEachBlockRange({ fromBlock: 0n, toBlock: 9n, step: 4n }, async () => {
        throw new TimeoutError({ body: {}, url: 'http://node' })
      }),
      TimeoutError,
    )
    await assert.rejects(
      forEachBlockRange({ fromBlock: 0n, toBlock: 9n, step: 4n }, async () => {
        throw new ResponseBodyTooLargeError({ maxSize: 1, size: 2 })
      }),
      ResponseBodyTooLargeError,
    )
  })
})
