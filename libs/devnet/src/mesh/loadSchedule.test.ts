import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createLoadSchedule, loadOwed, setLoadRate } from './loadSchedule.js'

describe('loadSchedule', () => {
  test('owes rate x elapsed whole messages, whatever the tick pattern', () => {
    const s = createLoadSchedule({ rate: 200, atMs: 1_000 })
    const table: Array<[number, number]> = [
      [1_000, 0],
      [1_004, 0],
      [1_005, 1],
      [1_100, 20],
      [2_000, 200],
      [61_000, 12_000],
    ]
    for (const [at, owed] of table) assert.equal(loadOwed(s, at), owed, `at ${at}`)
    // Irregular ticks (a busy machine) sum to the same total as regular ones.
    let sent = 0
    for (const at of [1_001, 1_350, 1_351, 1_999, 3_500]) sent += loadOwed(s, at) - sent
    assert.equal(sent, loadOwed(s, 3_500))
  })

  test('fractional rates do not lose messages to floating point', () => {
    const s = createLoadSchedule({ rate: 0.1, atMs: 0 })
    assert.equal(loadOwed(s, 3_000), 0)
    assert.equal(loadOwed(s, 10_000), 1)
    assert.equal(loadOwed(createLoadSchedule({ rate: 3, atMs: 0 }), 100_000), 300)
  })

  test('setRate keeps what was owed and changes the slope from then on; rate 0 freezes', () => {
    let s = createLoadSchedule({ rate: 100, atMs: 0 })
    s = setLoadRate(s, { rate: 1_000, atMs: 2_000 })
    assert.equal(loadOwed(s, 2_000), 200)
    assert.equal(loadOwed(s, 3_000), 1_200)
    s = setLoadRate(s, { rate: 0, atMs: 3_000 })
    assert.equal(loadOwed(s, 60_000), 1_200)
  })

  test('a clock stepping back owes nothing less; a bad rate is refused', () => {
    const s = setLoadRate(createLoadSchedule({ rate: 10, atMs: 0 }), { rate: 10, atMs: 5_000 })
    assert.equal(loadOwed(s, 4_000), 50)
    assert.throws(() => createLoadSchedule({ rate: -1, atMs: 0 }), RangeError)
    assert.throws(() => setLoadRate(s, { rate: Number.NaN, atMs: 0 }), RangeError)
  })
})
