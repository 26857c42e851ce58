import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { findMessageBlocks, type RangeBlock } from './findMessageBlocks.js'
import { fakeHeaderChain } from './testing/fakeHeaderChain.js'

const outbox = '0x00000000000000000000000000000000000000aa'
const chain = fakeHeaderChain({ fork: { at: 0n, salt: 0n }, bloomed: new Set([3n, 5n]), outbox })
const headers = [2n, 3n, 4n, 5n, 6n].map((n) => chain.byNumber(n))
const logOf = (h: RangeBlock) => ({ blockHash: h.hash, blockNumber: h.number })
const at = (n: number) => headers[n] as RangeBlock // reason: indices below length

describe('findMessageBlocks', () => {
  it('reads the blocks the logs name, nothing omitted when the logs agree with the blooms', () => {
    const found = findMessageBlocks({ origin: 1, outbox, headers, logs: [logOf(at(1)), logOf(at(3)), logOf(at(3))] })
    assert.deepEqual(
      found.blocks.map((b) => b.number),
      [3n, 5n],
    )
    assert.deepEqual(found.omitted, [])
  })

  it('adds a block whose bloom names the Outbox Dispatch but the logs left out, in chain order', () => {
    const found = findMessageBlocks({ origin: 1, outbox, headers, logs: [logOf(at(3))] })
    assert.deepEqual(
      found.blocks.map((b) => b.number),
      [3n, 5n],
    )
    assert.deepEqual(
      found.omitted.map((b) => b.number),
      [3n],
    )
  })

  it('still reads a block the logs name whose bloom does not (the read finds what is there)', () => {
    const found = findMessageBlocks({ origin: 1, outbox, headers, logs: [logOf(at(0)), logOf(at(1)), logOf(at(3))] })
    assert.deepEqual(
      found.blocks.map((b) => b.number),
      [2n, 3n, 5n],
    )
  })

  it('ignores removed logs', () => {
    const found = findMessageBlocks({ origin: 1, outbox, headers, logs: [{ ...logOf(at(0)), removed: true }] })
    assert.deepEqual(
      found.blocks.map((b) => b.number),
      [3n, 5n],
    )
  })

  it('refuses answers that do not fit together with RPC_DATA_INCONSISTENT (retry)', () => {
    const cases: [string, RangeBlock[], { blockHash: Hex; blockNumber: Hex }[]][] = [
      [
        'a bloom cleared without changing the hash (a forged header)',
        [at(0), { ...at(1), logsBloom: at(0).logsBloom }, at(2)],
        [],
      ],
      ['a header that does not follow the one before', [at(0), at(2)], []],
      ['a log in a block outside the headers', headers, [{ blockHash: `0x${'ee'.repeat(32)}`, blockNumber: '0x3' }]],
    ]
    for (const [what, hs, logs] of cases) {
      assert.throws(
        () => findMessageBlocks({ origin: 1, outbox, headers: hs, logs }),
        { code: 'RPC_DATA_INCONSISTENT', action: 'retry' },
        what,
      )
    }
  })
})
