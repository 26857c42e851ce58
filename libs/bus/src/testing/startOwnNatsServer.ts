// Test-only: a nats-server the test owns, so it can kill it and start it again on the same JetStream store.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findBinary, freePort } from '../../../../test/infra.mjs'
import { connectBus } from '../connectBus.js'

export type OwnNatsServer = {
  url: string
  /** SIGKILL, as a crash: nothing is flushed or closed; resolves once the process is gone. */
  kill(): Promise<void>
  /** Starts it again on the same port and store; resolves once it accepts connections. */
  start(): Promise<void>
  /** Kills it and removes its store. */
  close(): Promise<void>
}

/**
 * `nats-server -js` on a free port with its own store directory.
 *
 * @example
 * const nats = await startOwnNatsServer()
 * await nats.kill()
 * await nats.start() // the streams and consumers come back from the store
 */
export async function startOwnNatsServer(): Promise<OwnNatsServer> {
  const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin'])
  if (!bin) throw new Error('nats-server is not installed: apt-get install nats-server')
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-own-nats-'))
  const port = await freePort()
  const url = `nats://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' })
    // Up once a client gets in (connectBus retries the first connection while the server is starting).
    const probe = await connectBus({ servers: url, name: 'own-nats-probe', firstConnectWaitMs: 120_000 })
    await probe.close()
  }
  const kill = async () => {
    const c = child
    child = undefined
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise((resolve) => c.once('exit', resolve))
    c.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url,
    kill,
    start,
    close: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
