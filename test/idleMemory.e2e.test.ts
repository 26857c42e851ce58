// Lean processes: each relayer service, started as the image and the devnet start it (`relaymesh
// <service>` from the compiled build, with SERVICE_NODE_FLAGS), against the real NATS, Postgres and chains, with the
// verifier's default worker threads. Once it is ready (its health endpoint) and its resident set has settled, it
// holds no more than its ceiling: a cache, a pool or a worker that a change makes grow at start or while idle fails
// this test. The ceilings are what each service held on 2026-12-07 (2 busy cores) plus 15-20 MiB of headroom, not the
// issue's 120 MiB, which every service now meets (see IDLE_MEASURED_MIB). Lower a ceiling when a service gets leaner.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { SERVICE_NODE_FLAGS, startDevnetMesh, stopProcesses, type DevnetMesh } from '@relaymesh/devnet'
import { waitUntil } from '../libs/relayer/src/testing/testInfra.js'
import { freePort } from './infra.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'services/cli/bin/relaymesh.js')
const natsUrl = process.env['RELAYMESH_TEST_NATS_URL']
const tag = `im${process.pid}`
const SERVICES = ['watcher', 'verifier', 'batcher', 'settler', 'api'] as const
type Service = (typeof SERVICES)[number]
/**
 * Settled idle VmRSS measured with this test (MiB), running the CLI's bundle (scripts/bundleCli.mjs; its modules one
 * by one held watcher 152, verifier 147, batcher 121, settler 120, api 118). Most of it is the Node binary's pages
 * (~42 for `node -e 0`) and code: zod, viem, drizzle, NATS, OTel, pg. The verifier also loads the Ethereum light
 * client's SSZ types (Lodestar's, four forks) and blst when a beacon chain is configured, as here; no service loads
 * @solana/web3.js (the watcher subscribes to the outbox's logs over Node's WebSocket). Before that the watcher held
 * 131 and the verifier 128. The young generation's pages are 8-16 MiB of each figure (`--max-semi-space-size=8`).
 */
const IDLE_MEASURED_MIB: Record<Service, number> = { watcher: 116, verifier: 120, batcher: 104, settler: 104, api: 94 }
const IDLE_CEILING_MIB: Record<Service, number> = { watcher: 131, verifier: 135, batcher: 125, settler: 125, api: 115 }
/** Loading a service takes seconds; on two busy cores it took over a minute. The deadline bounds a hang only. */
const DEADLINE_MS = 5 * 60_000
/** Settled: this many one-second samples in a row lie within `SETTLE_SPREAD_MIB` of each other. */
const SETTLE_SAMPLES = 10
const SETTLE_SPREAD_MIB = 4

/** A process's resident set and its peak, in MiB (/proc/<pid>/status VmRSS, VmHWM). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

/** Resolves once `url` answers 200. */
async function ready(url: string, child: ChildProcess): Promise<void> {
  await waitUntil(
    async () => {
      assert.equal(child.exitCode, null, `the service exited (${child.exitCode}) before it was ready`)
      const answer = await fetch(url).catch(() => undefined)
      return answer?.status === 200 ? true : undefined
    },
    `${url} answers 200`,
    DEADLINE_MS,
  )
}

/**
 * The resident set once it stopped moving: the largest of `SETTLE_SAMPLES` one-second samples in a row that lie
 * within `SETTLE_SPREAD_MIB` (imports and migrations finish after readiness; a leak never settles and fails at the
 * deadline with its last window).
 */
async function settledRss(pid: number): Promise<{ rss: number; peak: number; samples: number[] }> {
  const samples: number[] = []
  const deadline = Date.now() + DEADLINE_MS
  for (;;) {
    samples.push(memoryOf(pid).rss)
    const window = samples.slice(-SETTLE_SAMPLES)
    const settled = window.length === SETTLE_SAMPLES && Math.max(...window) - Math.min(...window) <= SETTLE_SPREAD_MIB
    if (settled || Date.now() > deadline) return { rss: Math.max(...window), peak: memoryOf(pid).peak, samples: window }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

describe('an idle service holds no more than its ceiling', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-idle-memory-'))
  let devnet: DevnetMesh | undefined
  const started: ChildProcess[] = []
  before(async () => {
    devnet = await startDevnetMesh({
      relayerIds: ['r1'],
      threshold: 1,
      workDir: join(dir, 'devnet'),
      bin,
      env: {
        ...process.env,
        ...(natsUrl ? { RELAYMESH_TEST_NATS_URL: natsUrl } : {}),
        RELAYMESH_SUBJECT_ROOT: tag,
        OTEL_TRACES_EXPORTER: 'none',
      },
      print: () => undefined,
      onProcessExit: () => undefined,
      databasePrefix: `rm_${tag}`,
      streamPrefix: tag.toUpperCase(),
      // The default of a relayer's config (the devnet verifies inline): the verifier's worker threads count.
      verifierThreads: 2,
    })
    // The devnet's own processes have no health port: each service runs again here, one at a time, with one.
    await stopProcesses(devnet.procs)
  })
  after(async () => {
    await stopProcesses(started.map((child) => ({ relayer: 'r1', service: 'measured', child })))
    await devnet?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const service of SERVICES) {
    test(`relaymesh ${service}`, async () => {
      const relayerDir = join(dir, 'devnet', 'r1')
      // reason: the devnet's own config file
      const config = JSON.parse(readFileSync(join(relayerDir, 'config.json'), 'utf8')) as { api: { port: number } }
      const healthPort = await freePort()
      const url =
        service === 'api' ? `http://127.0.0.1:${config.api.port}/readyz` : `http://127.0.0.1:${healthPort}/readyz`
      const log = openSync(join(relayerDir, `${service}.measured.log`), 'a')
      const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, bin, service], {
        env: {
          ...process.env,
          RELAYMESH_SUBJECT_ROOT: tag,
          RELAYMESH_STREAM_PREFIX: tag.toUpperCase(),
          OTEL_TRACES_EXPORTER: 'none',
          RELAYMESH_CONFIG_FILE: join(relayerDir, 'config.json'),
          RELAYMESH_RELAYER_KEY_FILE: join(relayerDir, 'relayer.key'),
          RELAYMESH_HEALTH_PORT: String(healthPort),
          RELAYMESH_EXIT_WITH_PARENT: String(process.pid),
        },
        stdio: ['ignore', log, log],
      })
      closeSync(log)
      started.push(child)
      await ready(url, child)
      const { rss, peak, samples } = await settledRss(child.pid ?? 0)
      console.log(
        `# ${service}: idle ${rss.toFixed(1)} MiB (peak ${peak.toFixed(1)} MiB; last samples ` +
          `${samples.map((s) => s.toFixed(0)).join(' ')})`,
      )
      await stopProcesses([{ relayer: 'r1', service, child }])
      const ceiling = IDLE_CEILING_MIB[service]
      assert.ok(
        rss <= ceiling,
        `relaymesh ${service} holds ${rss.toFixed(1)} MiB idle (ceiling ${ceiling} MiB, measured ` +
          `${IDLE_MEASURED_MIB[service]} MiB)`,
      )
    })
  }
})
