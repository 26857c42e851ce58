import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideCursorSave, MAX_CURSOR_LAG_MS, type DecideCursorSaveState } from './decideCursorSave.js'

describe('decideCursorSave', () => {
  const cases: Array<[string, DecideCursorSaveState, boolean]> = [
    ['the first poll of the process stores it', { messages: 0, savedAt: undefined, now: 10 }, true],
    ['a poll that published messages stores it', { messages: 3, savedAt: 1_000, now: 1_001 }, true],
    ['an empty block soon after a save: kept in memory only', { messages: 0, savedAt: 1_000, now: 1_500 }, false],
    ['an empty block just under the lag: not yet', { messages: 0, savedAt: 1_000, now: 5_999 }, false],
    ['an empty block once the stored cursor trails by the lag', { messages: 0, savedAt: 1_000, now: 6_000 }, true],
    ['a clock that went back: not stored until the lag passes', { messages: 0, savedAt: 9_000, now: 1_000 }, false],
  ]
  for (const [name, state, save] of cases)
    it(name, () => {
      assert.equal(decideCursorSave(state, { maxCursorLagMs: MAX_CURSOR_LAG_MS }), save)
    })
  it('a lag of 0 stores every poll', () => {
    assert.equal(decideCursorSave({ messages: 0, savedAt: 1_000, now: 1_000 }, { maxCursorLagMs: 0 }), true)
  })
})
