import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isFirstDelivery } from './isFirstDelivery.js'

describe('isFirstDelivery', () => {
  const cases: Array<[number, boolean, boolean]> = [
    [1, false, true],
    [2, false, false],
    [1, true, false],
    [3, true, false],
  ]
  for (const [deliveryCount, reobserved, expected] of cases)
    it(`delivery ${deliveryCount}${reobserved ? ', read again for a hint' : ''}: ${expected}`, () => {
      assert.equal(isFirstDelivery({ deliveryCount, reobserved }), expected)
    })
})
