import type { ChildProcess } from 'node:child_process'
import pg from 'pg'
import { sleep } from '@relaymesh/errors'
import type { RelayerProcess } from '../spawnRelayerProcesses.js'
import type { Address } from 'viem'
import { clockSkewEnv } from './clockSkewEnv.js'
import { drainSettlerFunds } from './drainSettlerFunds.js'
import { holdBaseFeeSpike } from './holdBaseFeeSpike.js'
import type { PlayedFault } from './measureRecovery.js'
import type { PlannedFault } from './planFaults.js'
import { refuseDatabase, type RestartableServer } from './startRestartableServers.js'
import type { RpcProxy, RpcProxyMode } from './startRpcProxy.js'

export type StartFaultPlayerParameters = {
  plan: readonly PlannedFault[]
  procs: readonly RelayerProcess[]
  /** Starts a killed process again; `env` adds to its environment. */
  restart: (proc: RelayerProcess, env?: Record<string, string>) => void
  nats: RestartableServer
  postgres: RestartableServer
  /** The RPC proxy in front of each relayer's endpoint, by `relayer:chain`. */
  rpc: ReadonlyMap<string, RpcProxy>
  /** Database URL of each relayer (the admin connection is the server's `postgres` database). */
  databaseUrl: (relayerId: string) => string
  /** Each EVM chain's own RPC URL by domain (anvil, for `gas-spike` and `settler-funds-low`). */
  chains: ReadonlyMap<number, string>
  /** A relayer's settler address (the same on every EVM chain). */
  settlerAddress: (relayerId: string) => Address
  /** A relayer's API `/metrics` URL. */
  metricsUrl: (relayerId: string) => string
  /** Seconds on the samples' clock. */
  atSeconds: () => number
  print: (line: string) => void
  signal: AbortSignal
}

export type FaultPlayer = {
  played: PlayedFault[]
  /** True for a process the player killed on purpose: its exit is the fault, not a crash. */
  killedOnPurpose: (child: ChildProcess) => boolean
  /** Resolves when every fault was played and its part is back (or `signal` aborted). */
  done: Promise<void>
}

/**
 * Plays a fault schedule against a running mesh: at each fault's moment it
 * takes the part down (SIGKILL a relayer process, SIGKILL NATS, crash
 * Postgres, close one relayer's database, restart a relayer process with its
 * clock a few seconds off), keeps it down for the fault's
 * time, brings it back and records both moments for `measureRecovery`.
 */
export function startFaultPlayer(p: StartFaultPlayerParameters): FaultPlayer {
  const played: PlayedFault[] = []
  const killed = new WeakSet<ChildProcess>()
  const done = (async () => {
    for (const fault of p.plan) {
      await sleep((fault.atSeconds - p.atSeconds()) * 1000, p.signal)
      if (p.signal.aborted) return
      const startedAt = p.atSeconds()
      const outcome = await play(fault, p, killed)
      const { note, problem } = typeof outcome === 'object' ? outcome : { note: outcome, problem: undefined }
      played.push({ kind: fault.kind, target: fault.target, startedAt, restoredAt: p.atSeconds(), note, problem })
      p.print(
        `fault: ${fault.kind} ${fault.target} at ${startedAt.toFixed(1)} s, back at ${p.atSeconds().toFixed(1)} ` +
          `s${note ? ` (${note})` : ''}`,
      )
    }
  })()
  return { played, killedOnPurpose: (child) => killed.has(child), done }
}

/** A fault's note for the report, or with the `problem` a check found while it played (a violation of the run). */
type PlayOutcome = string | undefined | { note: string; problem?: string | undefined }

async function play(
  fault: PlannedFault,
  p: StartFaultPlayerParameters,
  killed: WeakSet<ChildProcess>,
): Promise<PlayOutcome> {
  const down = () => sleep(fault.downSeconds * 1000, p.signal)
  switch (fault.kind) {
    case 'kill-process':
      await killProcess(fault.target, p, killed)
      await down()
      return restartProcess(fault.target, p)
    case 'kill-proposer-cosigning':
      return playProposerKill(fault, p, killed, down)
    case 'clock-skew':
      return playClockSkew(fault, p, killed, down)
    case 'restart-nats':
      return playServerRestart(p.nats, down)
    case 'restart-postgres':
      return playServerRestart(p.postgres, down)
    case 'rpc-stall':
    case 'rpc-drop':
    case 'rpc-errors':
    case 'rpc-rate-limit':
    case 'rpc-lie':
    case 'rpc-forge-chain':
      return playRpcFault(fault, p, down)
    case 'gas-spike':
      return holdBaseFeeSpike({
        rpcUrl: chainRpc(p, Number(fault.target)),
        downMs: fault.downSeconds * 1000,
        signal: p.signal,
      })
    case 'settler-funds-low':
      return playSettlerFundsLow(fault, p)
    case 'refuse-database':
      return playRefusedDatabase(fault, p, down)
  }
}

/** Kills the proposer's process while a batch is collecting co-signatures (or after 30 s without one). */
async function playProposerKill(
  fault: PlannedFault,
  p: StartFaultPlayerParameters,
  killed: WeakSet<ChildProcess>,
  down: () => Promise<void>,
): Promise<string> {
  const [relayer] = fault.target.split('/')
  // reason: a target is `relayer/service`
  const collecting = await waitForProposedBatch(p.databaseUrl(relayer as string), p.signal)
  await killProcess(fault.target, p, killed)
  await down()
  restartProcess(fault.target, p)
  return collecting
    ? 'killed while a batch was collecting signatures'
    : 'no batch was collecting signatures within 30 s; killed anyway'
}

/** The process runs with its wall clock off for the fault's time, then again with the true one. */
async function playClockSkew(
  fault: PlannedFault,
  p: StartFaultPlayerParameters,
  killed: WeakSet<ChildProcess>,
  down: () => Promise<void>,
): Promise<string> {
  await killProcess(fault.target, p, killed)
  p.restart(findProcess(fault.target, p.procs), clockSkewEnv(fault.skewMs ?? 0))
  await down()
  await killProcess(fault.target, p, killed)
  restartProcess(fault.target, p)
  return `clock ${(fault.skewMs ?? 0) / 1000} s off`
}

async function playServerRestart(server: RestartableServer, down: () => Promise<void>): Promise<undefined> {
  await server.down()
  await down()
  await server.up()
  return undefined
}

/** Drains the settler of `relayer:domain` below its low-funds mark for the fault's time. */
function playSettlerFundsLow(fault: PlannedFault, p: StartFaultPlayerParameters): Promise<PlayOutcome> {
  const [relayer = '', domain = ''] = fault.target.split(':')
  return drainSettlerFunds({
    rpcUrl: chainRpc(p, Number(domain)),
    address: p.settlerAddress(relayer),
    domain: Number(domain),
    metricsUrl: p.metricsUrl(relayer),
    downMs: fault.downSeconds * 1000,
    signal: p.signal,
  })
}

/** Postgres refuses new connections to the relayer's database for the fault's time. */
async function playRefusedDatabase(
  fault: PlannedFault,
  p: StartFaultPlayerParameters,
  down: () => Promise<void>,
): Promise<string> {
  const database = new URL(p.databaseUrl(fault.target)).pathname.slice(1)
  const allow = await refuseDatabase(p.postgres.url, database)
  await down()
  await allow()
  return `database ${database}`
}

/** Puts the fault's RPC proxy in the kind's mode for the fault's time; notes how many requests it hit. */
async function playRpcFault(
  fault: PlannedFault,
  p: StartFaultPlayerParameters,
  down: () => Promise<void>,
): Promise<string> {
  const proxy = p.rpc.get(fault.target)
  if (!proxy) throw new RangeError(`no RPC proxy ${fault.target}`)
  const mode = fault.kind.slice('rpc-'.length) as RpcProxyMode // reason: the rpc-* kinds are named after the modes
  const before = proxy.counts[mode]
  proxy.setMode(mode)
  await down()
  proxy.setMode('pass')
  return `${proxy.counts[mode] - before} requests hit`
}

function chainRpc(p: StartFaultPlayerParameters, domain: number): string {
  const url = p.chains.get(domain)
  if (!url) throw new RangeError(`no EVM chain ${domain}`)
  return url
}

function findProcess(target: string, procs: readonly RelayerProcess[]): RelayerProcess {
  const proc = procs.find((x) => `${x.relayer}/${x.service}` === target)
  if (!proc) throw new RangeError(`no relayer process ${target}`)
  return proc
}

async function killProcess(
  target: string,
  p: StartFaultPlayerParameters,
  killed: WeakSet<ChildProcess>,
): Promise<void> {
  const { child } = findProcess(target, p.procs)
  killed.add(child)
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

function restartProcess(target: string, p: StartFaultPlayerParameters): undefined {
  p.restart(findProcess(target, p.procs))
  return undefined
}

/**
 * Waits (polling the proposer's database every 50 ms, up to 30 s) for a batch in state `proposed`: signatures being
 * collected.
 */
async function waitForProposedBatch(url: string, signal: AbortSignal): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // a fault may close it; the poll below then reports false
  try {
    await client.connect()
    const deadline = Date.now() + 30_000
    while (!signal.aborted && Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM batches WHERE state = 'proposed'`,
      )
      if ((rows[0]?.n ?? 0) > 0) return true
      await sleep(50, signal)
    }
    return false
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
