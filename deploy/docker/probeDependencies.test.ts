import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
// @ts-expect-error reason: a plain .mjs script without type declarations (it runs in the image with node alone)
import { endpointOf } from './probeDependencies.mjs'

const script = fileURLToPath(new URL('./probeDependencies.mjs', import.meta.url))

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy())
    // reason: a TCP server's address
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
}

function probe(configFile: string): Promise<{ code: number; stderr: string }> {
  // The probe's connect timeout only decides the 'ready' case (the closed port is refused at once): generous,
  // so a freshly started process on busy cores does not fire its timer before it reads the completed connect.
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { env: { ...process.env, RELAYMESH_CONFIG_FILE: configFile, RELAYMESH_PROBE_TIMEOUT_MS: '30000' } },
      (error, _stdout, stderr) => {
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr })
      },
    )
  })
}

describe('probeDependencies.mjs (worker readiness until the services serve /readyz)', () => {
  let dir: string
  let postgres: { server: Server; port: number }
  let nats: { server: Server; port: number }
  let closedPort: number

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaymesh-probe-'))
    ;[postgres, nats] = await Promise.all([listen(), listen()])
    const closed = await listen()
    closedPort = closed.port
    await new Promise((resolve) => closed.server.close(resolve))
  })
  after(() => {
    postgres.server.close()
    nats.server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function config(name: string, databaseUrl: string, natsUrl: string): string {
    const file = join(dir, `${name}.json`)
    writeFileSync(file, JSON.stringify({ databaseUrl, natsUrl }))
    return file
  }

  test('ready when Postgres and one NATS server accept connections', async () => {
    const file = config(
      'up',
      `postgres://relaymesh@127.0.0.1:${postgres.port}/db`,
      `nats://127.0.0.1:${closedPort},nats://127.0.0.1:${nats.port}`,
    )
    assert.deepEqual(await probe(file), { code: 0, stderr: '' })
  })

  test('not ready, naming what is unreachable', async () => {
    const file = config('down', `postgres://relaymesh@127.0.0.1:${closedPort}/db`, `nats://127.0.0.1:${closedPort}`)
    const result = await probe(file)
    assert.equal(result.code, 1)
    assert.match(
      result.stderr,
      new RegExp(`postgres 127\\.0\\.0\\.1:${closedPort} unreachable; no NATS server reachable`),
    )
  })

  test('not ready when the config file is missing', async () => {
    const result = await probe(join(dir, 'missing.json'))
    assert.equal(result.code, 1)
    assert.match(result.stderr, /not ready: ENOENT/)
  })

  test('default ports per scheme', () => {
    assert.deepEqual(endpointOf('postgres://u@db.svc/x'), { host: 'db.svc', port: 5432 })
    assert.deepEqual(endpointOf('nats://nats.svc'), { host: 'nats.svc', port: 4222 })
    assert.deepEqual(endpointOf('postgresql://u@[::1]:6543/x'), { host: '::1', port: 6543 })
  })
})
