import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LocalRelayer } from '../mesh/startLocalMesh.js'

export type RelayerProcess = { relayer: string; service: string; child: ChildProcess }

/**
 * Writes each relayer's config and key (0600) under `dir` and starts its
 * services as `relaymesh <service>` processes: the first relayer runs every
 * service as its own process, the others run `relaymesh all`.
 */
export function spawnRelayerProcesses(p: {
  relayers: LocalRelayer[]
  dir: string
  bin: string
  env: Record<string, string | undefined>
  onExit: (proc: RelayerProcess, code: number | null) => void
}): RelayerProcess[] {
  const procs: RelayerProcess[] = []
  p.relayers.forEach((relayer, i) => {
    const dir = join(p.dir, relayer.id)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'config.json'), JSON.stringify(relayer.config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2))
    writeFileSync(join(dir, 'relayer.key'), relayer.privateKey, { mode: 0o600 })
    const services = i === 0 ? ['watcher', 'verifier', 'batcher', 'settler', 'api'] : ['all']
    for (const service of services) {
      const child = spawn(process.execPath, [p.bin, service], {
        env: { ...p.env, RELAYMESH_EXIT_WITH_PARENT: '1', RELAYMESH_CONFIG_FILE: join(dir, 'config.json'), RELAYMESH_RELAYER_KEY_FILE: join(dir, 'relayer.key') },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      const proc = { relayer: relayer.id, service, child }
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
      child.on('exit', (code) => {
        if (code !== 0 && code !== null) process.stderr.write(`[${relayer.id} ${service}] ${stderr}\n`)
        p.onExit(proc, code)
      })
      procs.push(proc)
    }
  })
  return procs
}

/** SIGTERM every process and wait for them (SIGKILL after `graceMs`). */
export async function stopProcesses(procs: RelayerProcess[], graceMs = 10_000): Promise<void> {
  await Promise.all(procs.map(({ child }) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })))
}
