import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { applyServiceHeapFlags, SERVICE_HEAP_FLAGS } from './applyServiceHeapFlags.js'

describe('SERVICE_HEAP_FLAGS', () => {
  it('are V8 flags this Node knows, set at run time (NODE_OPTIONS refuses them)', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })
    for (const flag of SERVICE_HEAP_FLAGS) {
      const name = flag.replace(/^--/, '').split('=')[0] as string // reason: split always yields a first element
      assert.ok(known.includes(`--${name} `), `${name} is a V8 flag`)
      // A flag Node accepts in NODE_OPTIONS belongs in the image's NODE_OPTIONS instead (SERVICE_NODE_FLAGS).
      const started = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: flag } })
      assert.equal(started.status, 9, `${flag} is refused in NODE_OPTIONS`)
    }
    applyServiceHeapFlags()
  })
})
