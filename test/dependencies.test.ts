import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

const root = fileURLToPath(new URL('..', import.meta.url))

// The same check as `npm run lint:deps` (.dependency-cruiser.cjs): no import cycle, no import across the layout's
// boundaries. Here too so `npm test` (and CI) fails on it, not only the lint.
describe('the import graph', () => {
  it('has no cycle and keeps the layout (libs below services, lib layers, batcher internals, no test code in production)', async () => {
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs',
          '--config',
          '.dependency-cruiser.cjs',
          '--output-type',
          'err',
          'libs',
          'services',
          'contracts',
          'test',
          'examples',
        ],
        { cwd: root, maxBuffer: 16 * 1024 * 1024 },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, out: `${stdout}${stderr}` }),
      )
    })
    assert.equal(result.code, 0, result.out)
    assert.match(result.out, /no dependency violations found/)
  })
})
