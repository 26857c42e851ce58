import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { findBinary, freePort } from '../../../test/infra.mjs'
import { BusError } from './BusError.js'
import { createBusCatalogue } from './catalogue.js'
import { connectBus } from './connectBus.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { retryBusSetup } from './retryBusSetup.js'

// The fault run: a verifier restarted while NATS restarted exited with a fatal BUS_CONSUMER_SETUP_FAILED (the
// consumer create timed out), and crashed again on its next start. A setup that times out is now `retry`, and the
// service waits for JetStream as it waits for Postgres.
describe('stream and consumer setup while NATS restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-bus-setup-'))
  const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin'])
  let server: ChildProcess | undefined
  const start = (port: number) => {
    // reason: asserted below
    server = spawn(bin as string, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' })
  }
  const stop = async () => {
    const s = server
    if (!s || s.exitCode !== null || s.signalCode !== null) return
    const exited = new Promise((resolve) => s.once('exit', resolve))
    s.kill('SIGKILL')
    await exited
  }
  after(async () => {
    await stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a consumer create that times out is retryable, and retryBusSetup waits until the server is back', async () => {
    assert.ok(bin, 'nats-server is installed')
    const port = await freePort()
    start(port)
    const bus = await connectBus({ servers: `nats://127.0.0.1:${port}`, name: 'setup-retry-test', timeoutMs: 1_000 })
    try {
      const cat = createBusCatalogue({ relayerId: 'r1', subjectRoot: 'setuptest', streamPrefix: 'SETUPTEST' })
      await ensureStreams(bus.jsm, cat.streams.all)
      await stop()
      // One attempt while the server is down: a retryable BusError, not a fatal one.
      const once = await retryBusSetup(
        () => ensureConsumer(bus.jsm, cat.streams.bundles.name, cat.consumers.verifier),
        { waitMs: 0 },
      ).then(
        () => undefined,
        (error: unknown) => error,
      )
      assert.ok(once instanceof BusError, String(once))
      assert.equal(once.code, 'BUS_CONSUMER_SETUP_FAILED')
      assert.equal(once.action, 'retry')
      // Waiting: the server comes back on the first retry, the setup then succeeds.
      const retries: string[] = []
      const created = await retryBusSetup(
        async () => {
          await ensureStreams(bus.jsm, cat.streams.all)
          return ensureConsumer(bus.jsm, cat.streams.bundles.name, cat.consumers.verifier)
        },
        {
          onRetry: (error, attempt) => {
            retries.push(error.code)
            if (attempt === 1) start(port)
          },
        },
      )
      assert.equal(created.durable, cat.consumers.verifier.durable)
      assert.ok(retries.length >= 1, 'the first attempt failed and was retried')
      assert.ok(
        retries.every((code) => code === 'BUS_STREAM_SETUP_FAILED' || code === 'BUS_CONSUMER_SETUP_FAILED'),
        retries.join(','),
      )
    } finally {
      await bus.close()
      await stop()
    }
  })

  it('a refused setup is fatal and is not retried', async () => {
    assert.ok(bin, 'nats-server is installed')
    const port = await freePort()
    start(port)
    const bus = await connectBus({ servers: `nats://127.0.0.1:${port}`, name: 'setup-refused-test' })
    try {
      let attempts = 0
      // A consumer on a stream that does not exist: JetStream refuses it; waiting cannot help.
      const error = await retryBusSetup(() => {
        attempts++
        return ensureConsumer(bus.jsm, 'NO_SUCH_STREAM', { durable: 'verifier', ackWaitMs: 30_000, maxDeliver: 5 })
      }).then(
        () => undefined,
        (e: unknown) => e,
      )
      assert.ok(error instanceof BusError, String(error))
      assert.equal(error.action, 'fatal')
      assert.equal(attempts, 1)
    } finally {
      await bus.close()
      await stop()
    }
  })
})
