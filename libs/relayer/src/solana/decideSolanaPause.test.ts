import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSolanaPause } from './decideSolanaPause.js'

describe('decideSolanaPause', () => {
  const cases: Array<[number, number, boolean]> = [
    [0, 400, false],
    [1, 400, false],
    [2, 800, false],
    [3, 1_600, false],
    [4, 3_200, true],
    [6, 12_800, true],
    [7, 12_800, true],
    [50, 12_800, true],
  ]
  for (const [failures, ms, warn] of cases)
    it(`${failures} failures in a row: ${ms} ms${warn ? ', warned' : ''}`, () => {
      assert.deepEqual(decideSolanaPause({ failures }, { pollIntervalMs: 400 }), { ms, warn })
    })
})
