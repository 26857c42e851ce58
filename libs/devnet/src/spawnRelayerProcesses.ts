import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readSync, fstatSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dieWithParent } from '@relaymesh/localchain'
import type { LocalRelayer } from './mesh/startLocalMesh.js'
import { SERVICE_NODE_FLAGS } from './serviceNodeFlags.js'

export type RelayerProcess = {
  relayer: string
  service: string
  child: ChildProcess
  /** Where its stdout and stderr go, when `logs` was set. */ logFile?: string | undefined
}

export type SpawnRelayerProcessesParameters = {
  relayers: LocalRelayer[]
  dir: string
  bin: string
  env: Record<string, string | undefined>
  onExit: (proc: RelayerProcess, code: number | null) => void
  /**
   * Write each process's stdout and stderr to `<dir>/<relayer>/<service>.log` (default: stderr kept in memory only).
   */
  logs?: boolean | undefined
  /**
   * Profile every process with `node --cpu-prof`, writing `<cpuProfDir>/<relayer>/<service>/*.cpuprofile` when it exits
   * (worker threads too).
   */
  cpuProfDir?: string | undefined
}

/**
 * Writes each relayer's config and key (0600) under `dir` and starts its
 * services as `relaymesh <service>` processes: the first relayer runs every
 * service as its own process, the others run `relaymesh all`. With `logs`,
 * each process appends its output to `<dir>/<relayer>/<service>.log`.
 */
export function spawnRelayerProcesses(p: SpawnRelayerProcessesParameters): RelayerProcess[] {
  const procs: RelayerProcess[] = []
  p.relayers.forEach((relayer, i) => {
    const dir = join(p.dir, relayer.id)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify(relayer.config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2),
    )
    writeFileSync(join(dir, 'relayer.key'), relayer.privateKey, { mode: 0o600 })
    const services = i === 0 ? ['watcher', 'verifier', 'batcher', 'settler', 'api'] : ['all']
    for (const service of services) procs.push(spawnOne(p, relayer.id, service, dir))
  })
  return procs
}

/**
 * Starts a relayer process again as `spawnRelayerProcesses` started it (same
 * config, key and log file), in place: `proc.child` becomes the new process.
 * What a supervisor (Kubernetes, the fault run) does after a process died. `env` adds
 * to the environment it was started with (the fault run's clock skew).
 */
export function restartRelayerProcess(
  p: SpawnRelayerProcessesParameters,
  proc: RelayerProcess,
  env: Record<string, string> = {},
): void {
  proc.child = spawnOne(p, proc.relayer, proc.service, join(p.dir, proc.relayer), proc, env).child
}

function spawnOne(
  p: SpawnRelayerProcessesParameters,
  relayer: string,
  service: string,
  dir: string,
  existing?: RelayerProcess,
  env: Record<string, string> = {},
): RelayerProcess {
  const logFile = p.logs ? join(dir, `${service}.log`) : undefined
  const fd = logFile ? openSync(logFile, 'a') : undefined
  // SIGTERM from the kernel the moment this process dies (even SIGKILLed), on top of the service's own parent watchdog.
  const profile =
    p.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(p.cpuProfDir, relayer, service)}`]
  const child = spawn(
    ...dieWithParent(process.execPath, [...SERVICE_NODE_FLAGS, ...profile, p.bin, service], { signal: 'TERM' }),
    {
      // NODE_OPTIONS given for this start add to the ones every process has.
      env: {
        ...p.env,
        ...env,
        NODE_OPTIONS: [p.env['NODE_OPTIONS'], env['NODE_OPTIONS']].filter(Boolean).join(' ') || undefined,
        RELAYMESH_EXIT_WITH_PARENT: String(process.pid),
        RELAYMESH_CONFIG_FILE: join(dir, 'config.json'),
        RELAYMESH_RELAYER_KEY_FILE: join(dir, 'relayer.key'),
      },
      stdio: fd === undefined ? ['ignore', 'ignore', 'pipe'] : ['ignore', fd, fd],
    },
  )
  if (fd !== undefined) closeSync(fd)
  const proc = existing ?? { relayer, service, child, logFile }
  proc.child = child
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  child.on('exit', (code) => {
    if (code !== 0 && code !== null)
      process.stderr.write(
        `[${relayer} ${service}] ${logFile ? `${tailOf(logFile, 4000)}\n(full log: ${logFile})` : stderr}\n`,
      )
    p.onExit(proc, code)
  })
  return proc
}

/** The last `bytes` of a file, for an exit message. */
function tailOf(file: string, bytes: number): string {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const buffer = Buffer.alloc(Math.min(size, bytes))
    readSync(fd, buffer, 0, buffer.length, size - buffer.length)
    return buffer.toString()
  } finally {
    closeSync(fd)
  }
}

/** SIGTERM every process and wait for them (SIGKILL after `graceMs`). */
export async function stopProcesses(procs: RelayerProcess[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    procs.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
          child.kill('SIGTERM')
        }),
    ),
  )
}
