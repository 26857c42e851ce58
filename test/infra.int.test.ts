import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const infra = fileURLToPath(new URL('./infra.mjs', import.meta.url))

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
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

type Ending = 'SIGKILL' | 'SIGINT' | 'failure'

/**
 * Starts a runner that starts its own server with `starter` (`ensureNats`, `ensurePostgres`) and then hangs, as a test
 * process does, ends it the way `ending` says (killed by CI or a timeout, Ctrl-C, a throw) and waits until the
 * server's port is closed. The deadline only bounds a real leak: on busy cores the kill and the reaping take seconds.
 */
async function serverOutlives(starter: 'ensureNats' | 'ensurePostgres', ending: Ending): Promise<number | undefined> {
  const hang = ending === 'failure' ? "throw new Error('a test run failed')" : 'setInterval(() => {}, 1000)'
  const script =
    `const infra = await import(${JSON.stringify(infra)}); const s = await infra.${starter}(); ` +
    `console.log(s.url); ${hang}`
  const runner = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...ownServersEnv(), RELAYMESH_TEST_OWN_SERVERS: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const exited = new Promise((resolve) => runner.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    runner.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
    runner.once('close', (code) => reject(new Error(`runner exited ${code} before starting its server`)))
  })
  const port = Number(new URL(url).port)
  if (ending !== 'failure') {
    assert.ok(await reachable(port), `the runner started ${starter}`)
    runner.kill(ending)
  }
  await exited
  const deadline = Date.now() + 2 * 60_000
  while ((await reachable(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  return (await reachable(port)) ? port : undefined
}

describe('test servers (test/infra.mjs)', () => {
  it('a nats-server started for a test run stops when the runner is SIGKILLed (no exit hook runs)', async () => {
    assert.equal(await serverOutlives('ensureNats', 'SIGKILL'), undefined, 'nats-server outlived its runner')
  })

  for (const ending of ['SIGKILL', 'SIGINT', 'failure'] as const) {
    it(`a temporary Postgres cluster started for a test run stops when the runner ends by ${ending}`, async () => {
      assert.equal(await serverOutlives('ensurePostgres', ending), undefined, 'postgres outlived its runner')
    })
  }
})
