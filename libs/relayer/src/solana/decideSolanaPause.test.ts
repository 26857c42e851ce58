import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSolanaPause, type DecideSolanaPauseState } from './decideSolanaPause.js'

const opts = { pollIntervalMs: 400, idlePollMs: 2_000 }

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
      assert.deepEqual(decideSolanaPause({ failures }, opts), { ms, warn })
    })

  const live: Array<[string, DecideSolanaPauseState, number]> = [
    ['no subscription, idle: one interval (no added latency)', { failures: 0, idlePolls: 50, wakeLive: false }, 400],
    [
      'subscription, messages published: wait for the next notification',
      { failures: 0, idlePolls: 0, wakeLive: true },
      2_000,
    ],
    ['subscription, woken and nothing found yet: one interval', { failures: 0, idlePolls: 1, wakeLive: true }, 400],
    ['subscription, second empty poll: twice the interval', { failures: 0, idlePolls: 2, wakeLive: true }, 800],
    ['subscription, empty polls back off up to the fallback', { failures: 0, idlePolls: 4, wakeLive: true }, 2_000],
    ['subscription, a long idle stretch stays at the fallback', { failures: 0, idlePolls: 900, wakeLive: true }, 2_000],
    ['subscription, a failure backs off as without one', { failures: 3, idlePolls: 0, wakeLive: true }, 1_600],
  ]
  for (const [name, state, ms] of live)
    it(name, () => {
      assert.equal(decideSolanaPause(state, opts).ms, ms)
    })
})
