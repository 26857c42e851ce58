// Finds or starts the Postgres and NATS servers the integration tests need.
import { spawn, execFileSync } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

export function findBinary(name, dirs) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...dirs]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

export function pgBinDirs() {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return []
  return readdirSync(base)
    .sort()
    .reverse()
    .map((v) => join(base, v, 'bin'))
}

// The deadline bounds a hang only: a server starts in well under a second, but not always on a busy CI machine.
async function waitFor(check, what, timeoutMs = 120000) {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Running Postgres (RELAYMESH_TEST_DATABASE_URL or 127.0.0.1:5432), else a temporary cluster. */
export async function ensurePostgres() {
  const given = process.env.RELAYMESH_TEST_DATABASE_URL
  if (given) return { url: given, source: 'env', stop: async () => {} }
  if (!process.env.RELAYMESH_TEST_OWN_SERVERS && (await reachable('127.0.0.1', 5432))) {
    return { url: 'postgres://postgres@127.0.0.1:5432/test', source: 'running', stop: async () => {} }
  }
  const [initdb, postgres, isReady, createdb] = ['initdb', 'postgres', 'pg_isready', 'createdb'].map((name) =>
    findBinary(name, pgBinDirs()),
  )
  if (!initdb || !postgres || !isReady || !createdb) {
    throw new Error(
      'Postgres is not reachable on 127.0.0.1:5432 and initdb is not installed: apt-get install postgresql',
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-pg-'))
  chmodSync(dir, 0o777)
  const port = await freePort()
  // initdb and postgres refuse to run as root: run the cluster as the postgres user then.
  const user = process.getuid?.() === 0 ? 'postgres' : undefined
  const initArgs = ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']
  if (user) execFileSync('runuser', ['-u', user, '--', initdb, ...initArgs], { stdio: 'ignore' })
  else execFileSync(initdb, initArgs, { stdio: 'ignore' })
  // The postmaster runs in the foreground as this process's child, not daemonized by pg_ctl, so the kernel ends it
  // (SIGQUIT: Postgres's immediate shutdown) when the test runner dies however it dies: a failure, Ctrl-C, a SIGKILL.
  const log = openSync(join(dir, 'log'), 'a')
  const args = [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
    '-c',
    'fsync=off',
  ]
  const child = spawn(...dieWithParent(postgres, args, { signal: 'QUIT', user }), { stdio: ['ignore', log, log] })
  closeSync(log)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  const ready = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`postgres exited at start: see ${join(dir, 'log')}`)
    try {
      execFileSync(isReady, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  }
  try {
    await waitFor(ready, 'postgres')
    execFileSync(createdb, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test'], { stdio: 'ignore' })
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    source: `temporary cluster in ${dir}`,
    stop,
    pid: child.pid,
  }
}

/**
 * `command` run so the kernel signals it (`signal`, default KILL) when this process dies, even SIGKILLed (no exit hook
 * runs then): util-linux's `setpriv --pdeathsig`, which execs the command under the same pid. As
 * libs/localchain/src/dieWithParent.ts, which this plain-JS file cannot import. With `user`, setpriv also switches to
 * that user first (runuser would fork and, changing the user, clear the death signal).
 */
export function dieWithParent(command, args, { signal = 'KILL', user } = {}) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/setpriv')) {
    return user ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args]
  }
  const switchUser = user ? [`--reuid=${user}`, `--regid=${user}`, '--init-groups'] : []
  return ['/usr/bin/setpriv', [...switchUser, `--pdeathsig=${signal}`, '--', command, ...args]]
}

/** Running NATS (RELAYMESH_TEST_NATS_URL or 127.0.0.1:4222), else `nats-server -js` on a free port. */
export async function ensureNats() {
  const given = process.env.RELAYMESH_TEST_NATS_URL
  if (given) return { url: given, source: 'env', stop: async () => {} }
  if (!process.env.RELAYMESH_TEST_OWN_SERVERS && (await reachable('127.0.0.1', 4222)))
    return { url: 'nats://127.0.0.1:4222', source: 'running', stop: async () => {} }
  const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin'])
  if (!bin)
    throw new Error(
      'NATS is not reachable on 127.0.0.1:4222 and nats-server is not installed: apt-get install nats-server',
    )
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-nats-'))
  const port = await freePort()
  const child = spawn(...dieWithParent(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]), {
    stdio: 'ignore',
  })
  await waitFor(() => reachable('127.0.0.1', port, 200), 'nats-server')
  return {
    url: `nats://127.0.0.1:${port}`,
    source: `temporary nats-server on ${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
