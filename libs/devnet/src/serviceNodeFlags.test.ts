import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { SERVICE_NODE_FLAGS } from './serviceNodeFlags.js'

const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8')

describe('SERVICE_NODE_FLAGS', () => {
  it('are what the image sets in NODE_OPTIONS', () => {
    const env = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)
    assert.ok(env, 'the runtime stage sets NODE_OPTIONS')
    assert.deepEqual(env[1]?.split(' '), SERVICE_NODE_FLAGS)
  })

  it('are accepted in NODE_OPTIONS and cap the young generation', () => {
    // Node refuses (exit 9) a flag that NODE_OPTIONS may not carry: the image would not start.
    // Objects that live a little while (a block's bundle in flight) make the young generation grow to its cap.
    const program =
      `let keep = [], most = 0
      for (let i = 0; i < 3e6; i++) {
        keep.push({ i, s: 'x' + i }); if (keep.length > 2e5) keep = []
        if (i % 1e4 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((s) => s.space_name === ` +
      `'new_space').space_size)
      }
      console.log(most)`
    const out = execFileSync(process.execPath, ['-e', program], {
      env: { ...process.env, NODE_OPTIONS: SERVICE_NODE_FLAGS.join(' ') },
      encoding: 'utf8',
    })
    // Without the cap this grows to 128 MiB on a 24 GiB machine.
    assert.ok(Number(out) <= 3 * 8 * 2 ** 20, `new space ${out} bytes`)
  })
})
