import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const infra = fileURLToPath(new URL('./infra.mjs', import.meta.url))

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean) => { socket.destroy(); resolve(ok) }
    socket.setTimeout(1000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** This environment without the suite's shared servers, so the runner starts its own (test/run.mjs sets them). */
function ownServersEnv(): NodeJS.ProcessEnv {
  const { RELAYMESH_TEST_NATS_URL: _nats, RELAYMESH_TEST_DATABASE_URL: _db, ...env } = process.env
  return env
}

describe('test servers (test/infra.mjs)', () => {
  it('a nats-server started for a test run stops when the runner is SIGKILLed (no exit hook runs)', async () => {
    // A runner that starts its own nats-server and then hangs, as a test process killed by CI or a timeout.
    const script = `const { ensureNats } = await import(${JSON.stringify(infra)}); const n = await ensureNats(); console.log(n.url); setInterval(() => {}, 1000)`
    const runner = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...ownServersEnv(), RELAYMESH_TEST_OWN_SERVERS: '1' }, stdio: ['ignore', 'pipe', 'inherit'] })
    const url = await new Promise<string>((resolve, reject) => {
      runner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
      runner.once('exit', (code) => reject(new Error(`runner exited ${code} before starting nats-server`)))
    })
    const port = Number(new URL(url).port)
    assert.ok(await reachable(port), 'the runner started nats-server')
    const exited = new Promise((resolve) => runner.once('exit', resolve))
    runner.kill('SIGKILL')
    await exited
    // The deadline only bounds a real leak: on busy cores the kill and the reaping can take seconds.
    const deadline = Date.now() + 2 * 60_000
    while ((await reachable(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    assert.equal(await reachable(port), false, `nats-server on ${port} outlived its runner`)
  })
})
