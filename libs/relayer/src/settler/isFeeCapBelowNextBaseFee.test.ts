import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isFeeCapBelowNextBaseFee } from './isFeeCapBelowNextBaseFee.js'

describe('isFeeCapBelowNextBaseFee', () => {
  it('compares the fee cap with the next block base fee at most (latest + 12.5%)', () => {
    const table: [string, bigint, bigint, boolean][] = [
      ['cap equal to the latest base fee: below the next one', 1_000n, 1_000n, true],
      ['cap one wei short of latest + 12.5%', 1_124n, 1_000n, true],
      ['cap exactly latest + 12.5%: passes', 1_125n, 1_000n, false],
      ['cap well above', 2_000n, 1_000n, false],
      ['cap below the latest base fee', 500n, 1_000n, true],
      ['no fee cap stored (read as 0)', 0n, 1n, true],
      ['zero base fee: any cap passes', 0n, 0n, false],
      ['rounding: 8 of 7.875 passes', 8n, 7n, false],
      ['rounding: 7 of 7.875 is below', 7n, 7n, true],
      ['gwei scale', 30_000_000_000n, 26_666_666_666n, false],
      ['gwei scale, one wei short', 29_999_999_999n, 26_666_666_666n, true],
    ]
    for (const [name, cap, base, below] of table) assert.equal(isFeeCapBelowNextBaseFee(cap, base), below, name)
  })
})
