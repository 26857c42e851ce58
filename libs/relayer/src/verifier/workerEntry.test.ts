import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { workerExecArgv } from './workerEntry.js'

// What Node 24's test runner gives each test file as process.execArgv (abridged): per-process flags a worker refuses.
const testRunnerArgv = [
  '--test-coverage-functions=0',
  '--inspect-port=127.0.0.1:9229',
  '--stack-trace-limit=10',
  '--report-signal=SIGUSR2',
  '--secure-heap-min=2',
  '--test-isolation=process',
  '--import=tsx',
  '--v8-pool-size=4',
  '--trace-event-file-pattern=node_trace.${rotation}.log',
  '--use-largepages=off',
  '--node-snapshot',
  '--secure-heap=0',
  '--import',
  'file:///hooks.mjs',
  '--conditions=relaymesh-compiled',
  '--enable-source-maps',
  '--experimental-strip-types',
]

describe('workerExecArgv', () => {
  it('keeps the loaders, conditions and source maps a worker needs, with their values, and drops the rest', () => {
    assert.deepEqual(workerExecArgv(testRunnerArgv), [
      '--import=tsx',
      '--import',
      'file:///hooks.mjs',
      '--conditions=relaymesh-compiled',
      '--enable-source-maps',
      '--experimental-strip-types',
    ])
    assert.deepEqual(workerExecArgv(['-C', 'x', '--require', './r.cjs', '--max-old-space-size=512']), [
      '-C',
      'x',
      '--require',
      './r.cjs',
    ])
  })

  it('is what a worker thread accepts (the whole list fails with ERR_WORKER_INVALID_EXEC_ARGV)', async () => {
    const start = (execArgv: string[]) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker('0', { eval: true, execArgv })
        worker.once('error', reject)
        worker.once('exit', () => resolve())
      })
    const perProcess = testRunnerArgv.filter(
      (f) =>
        !f.startsWith('--import') &&
        f !== 'file:///hooks.mjs' &&
        !f.startsWith('--experimental') &&
        !f.startsWith('--conditions'),
    )
    assert.throws(() => new Worker('0', { eval: true, execArgv: perProcess }), { code: 'ERR_WORKER_INVALID_EXEC_ARGV' })
    await start(workerExecArgv(perProcess))
  })
})

describe('workerEntry', () => {
  // The `relaymesh` CLI in a checkout whose build is older than the sources registers tsx in its main thread only.
  it('starts a source worker under a parent that registered tsx through its API (no loader flag to inherit)', () => {
    const pool = new URL('./createVerifierPool.ts', import.meta.url).href
    const script =
      `const { register } = await import('tsx/esm/api'); register()
      const { createVerifierPool } = await import(${JSON.stringify(pool)})
      const p = createVerifierPool({ threads: 1 })
      const r = await p.verifyEvm({ wire: new Uint8Array(10), outbox: '0x' + '00'.repeat(20), destinations: [1], ` +
      `maxPayloadBytes: 1000 })
      await p.close()
      console.log(r.ok ? 'verified' : r.code)`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
      timeout: 120_000,
    })
    assert.equal(child.stdout.trim(), 'BUNDLE_MALFORMED', child.stderr)
  })
})
