import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { dieWithParent } from '@relaymesh/localchain'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { findBinary, freePort, pgBinDirs } from '../../../../test/infra.mjs'

/** A server the fault run owns: it can take it down and bring it back on the same port with the same data. */
export type RestartableServer = {
  url: string
  source: string
  /**
   * Takes the server down (NATS: SIGKILL; Postgres: immediate shutdown, as a crash) and resolves once its port refuses.
   */
  down(): Promise<void>
  /** Brings it back with its data and resolves once it answers. */
  up(): Promise<void>
  /** Stops it and removes its data (`keep`: leaves the data for a post-mortem). */
  stop(options?: { keep?: boolean }): Promise<void>
}

/**
 * `nats-server -js` on a free port with its own store directory: a restart
 * keeps the JetStream streams and consumers, as a real deployment's would.
 */
export async function startRestartableNats(): Promise<RestartableServer> {
  const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin'])
  if (!bin) throw new Error('nats-server is not installed: apt-get install nats-server')
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-faults-nats-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const up = async () => {
    // Killed by the kernel when this process dies, however it dies (no orphan holding the port and the store).
    child = spawn(...dieWithParent(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]), {
      stdio: 'ignore',
    })
    await waitForPort(port, true, 'nats-server up')
  }
  const down = async () => {
    const c = child
    child = undefined
    if (!c || c.exitCode !== null) return
    const exited = new Promise((resolve) => c.once('exit', resolve))
    c.kill('SIGKILL')
    await exited
    await waitForPort(port, false, 'nats-server down')
  }
  // A run stopped by a signal or a crash must not leave its server behind.
  const onExit = () => child?.kill('SIGKILL')
  process.once('exit', onExit)
  await up()
  return {
    url: `nats://127.0.0.1:${port}`,
    source: `own nats-server on ${port} (store ${dir})`,
    down,
    up,
    stop: async (options) => {
      process.off('exit', onExit)
      await down()
      if (!options?.keep) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A temporary Postgres cluster (`initdb`, `pg_ctl`) on a free port. `down` is
 * an immediate shutdown (no checkpoint, crash recovery on `up`), what a
 * killed or failed-over database server does to its clients.
 */
export async function startRestartablePostgres(): Promise<RestartableServer> {
  const initdb = findBinary('initdb', pgBinDirs())
  const pgCtl = findBinary('pg_ctl', pgBinDirs())
  if (!initdb || !pgCtl) throw new Error('initdb/pg_ctl are not installed: apt-get install postgresql')
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-faults-pg-'))
  chmodSync(dir, 0o777)
  const port = await freePort()
  // initdb refuses to run as root: run the cluster as the postgres user then.
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []
  const run = (cmd: string, args: string[]) => {
    const [bin, ...rest] = [...asUser, cmd, ...args] as [string, ...string[]] // reason: cmd is always there
    execFileSync(bin, rest, { stdio: 'ignore' })
  }
  const data = join(dir, 'data')
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
  const up = async () => {
    run(pgCtl, [
      '-D',
      data,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ])
    await waitForPort(port, true, 'postgres up')
  }
  const down = async () => {
    run(pgCtl, ['-D', data, '-m', 'immediate', 'stop'])
    await waitForPort(port, false, 'postgres down')
  }
  const onExit = () => {
    try {
      run(pgCtl, ['-D', data, '-m', 'immediate', 'stop'])
    } catch {
      /* already down */
    }
  }
  process.once('exit', onExit)
  await up()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    source: `own Postgres cluster on ${port} (${dir})`,
    down,
    up,
    stop: async (options) => {
      process.off('exit', onExit)
      try {
        await down()
      } catch {
        /* already down */
      }
      if (!options?.keep) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * One relayer's database refuses new connections and loses its open ones
 * (`ALLOW_CONNECTIONS false` and `pg_terminate_backend`) until the returned
 * function lets it answer again: a database that is briefly unreachable while
 * the server and the other relayers' databases go on.
 */
export async function refuseDatabase(adminUrl: string, database: string): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`)
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    )
  } finally {
    await admin.end()
  }
  return async () => {
    const again = new pg.Client({ connectionString: adminUrl })
    await again.connect()
    try {
      await again.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`)
    } finally {
      await again.end()
    }
  }
}

// The deadline bounds a hang only: a server starts in well under a second, but not always on a busy machine.
async function waitForPort(port: number, open: boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if ((await reachable(port)) === open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
