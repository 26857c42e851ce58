import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isBacklogGrowing, type BacklogSample } from './isBacklogGrowing.js'

/** `seconds` samples at `rate` msgs/s sent; executed follows with `lag(t)` messages behind. */
const run = (seconds: number, rate: number, lag: (t: number) => number): BacklogSample[] =>
  Array.from({ length: seconds + 1 }, (_, t) => ({
    atSeconds: t,
    sent: rate * t,
    executed: Math.max(0, rate * t - lag(t)),
  }))

describe('isBacklogGrowing', () => {
  const options = { windowSeconds: 30, toleranceRate: 5 }
  const table: Array<[string, BacklogSample[], boolean]> = [
    ['keeping up with a steady lag', run(60, 1000, () => 2000), false],
    ['keeping up in batches (saw-tooth lag)', run(60, 1000, (t) => 500 + (t % 3) * 500), false],
    ['falling behind by 100 msgs/s', run(60, 1000, (t) => 100 * t), true],
    ['falling behind only before the window', run(60, 1000, (t) => Math.min(100 * t, 2000)), false],
    ['a window not yet full', run(20, 1000, (t) => 100 * t), false],
    ['no samples', [], false],
  ]
  for (const [name, samples, expected] of table) {
    it(`${name}: ${expected ? 'growing' : 'holding'}`, () => assert.equal(isBacklogGrowing(samples, options), expected))
  }
})
