import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { findBinary, freePort } from '../../../test/infra.mjs'
import { connectBus } from './connectBus.js'

// bench:mesh --faults: a relayer process started while NATS was restarting exited with BUS_CONNECT_FAILED.
// Here the server is not there at the first attempt and is started on the first retry: the connect waits for it.
describe('connectBus while the server is away at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-bus-connect-'))
  let server: ChildProcess | undefined
  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve))
      server.kill('SIGKILL')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('retries the first connection until the server answers', async () => {
    const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin'])
    assert.ok(bin, 'nats-server is installed')
    const port = await freePort()
    const retries: string[] = []
    const bus = await connectBus({
      servers: `nats://127.0.0.1:${port}`,
      name: 'connect-retry-test',
      timeoutMs: 2_000,
      onConnectRetry: (error, attempt) => {
        retries.push(error.message)
        if (attempt === 1)
          server = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' })
      },
    })
    try {
      assert.ok(retries.length >= 1, 'the first attempt failed and was retried')
      assert.ok(bus.maxPayload > 0)
    } finally {
      await bus.close()
    }
  })

  it('gives up with BUS_CONNECT_FAILED after firstConnectWaitMs', async () => {
    const port = await freePort()
    await assert.rejects(
      connectBus({ servers: `nats://127.0.0.1:${port}`, name: 'connect-give-up-test', firstConnectWaitMs: 1_000 }),
      (error: Error & { code?: string }) => error.code === 'BUS_CONNECT_FAILED',
    )
  })
})
