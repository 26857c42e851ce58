import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { clockSkewEnv } from './clockSkewEnv.js'

describe('clockSkewEnv', () => {
  it("runs a child process's wall clock off by the skew, Date.now and new Date alike", () => {
    const env = clockSkewEnv(-7_000)
    const script =
      'const a = Date.now() - (performance.timeOrigin + performance.now()); const b = new Date().getTime() - ' +
      '(performance.timeOrigin + performance.now()); console.log(JSON.stringify({ a, b, parsed: new ' +
      'Date(0).getTime() }))'
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' }),
    ) as { a: number; b: number; parsed: number } // reason: the script prints this shape
    assert.ok(Math.abs(out.a + 7_000) < 500, `Date.now() is 7 s behind: ${out.a}`)
    assert.ok(Math.abs(out.b + 7_000) < 500, `new Date() is 7 s behind: ${out.b}`)
    assert.equal(out.parsed, 0, 'a Date of a given time is that time')
  })
})
