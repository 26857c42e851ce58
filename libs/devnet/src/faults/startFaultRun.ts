import type { Hex } from 'viem'
import type { RelayerProcess } from '../spawnRelayerProcesses.js'
import type { DevnetMesh } from '../startDevnetMesh.js'
import { backlogOf, type MeshSample } from '../MeshSample.js'
import { findMeshViolations } from './findMeshViolations.js'
import { findReobservedBlocks } from './findReobservedBlocks.js'
import { formatFaultSummary } from './formatFaultSummary.js'
import { measureRecovery } from './measureRecovery.js'
import { planFaults, type FaultKind } from './planFaults.js'
import { readRelayerView } from './readRelayerView.js'
import { startFaultPlayer, type FaultPlayer } from './startFaultPlayer.js'
import { startRestartableNats, startRestartablePostgres, type RestartableServer } from './startRestartableServers.js'
import { startRpcProxy, type RpcProxy } from './startRpcProxy.js'
import { formatLostMessages, traceLostMessages, type LostMessageState } from './traceLostMessages.js'
import { diagnoseLostBlocks, type LostBlock } from './diagnoseLostBlocks.js'

export type FaultRunOptions = {
  seed: number
  kinds: readonly FaultKind[]
  relayerIds: readonly string[]
  durationSeconds: number
  print: (line: string) => void
  /** The relayers' bus naming, to read their streams when messages were lost. */
  bus: { subjectRoot: string; streamPrefix: string }
}

export type FaultRunCheck = {
  /** Per destination, every id the load dispatched. */
  dispatched: ReadonlyMap<number, ReadonlySet<Hex>>
  executedOnChain: ReadonlyMap<number, ReadonlyMap<Hex, number>>
  samples: readonly MeshSample[]
  /** Offered msgs/s: two seconds of it is the slack a recovered backlog may still carry. */
  rate: number
}

export type FaultRun = {
  /** Postgres and NATS of the run's own, for `startDevnetMesh`. */
  servers: { postgres: RestartableServer; nats: RestartableServer }
  /**
   * The supervisor: a process the player did not kill is a crash; it is recorded and started again after a second, as
   * Kubernetes would.
   */
  onProcessExit: (proc: RelayerProcess, code: number | null) => void
  /**
   * Puts an RPC proxy the schedule drives in front of a relayer's endpoint for a chain; returns the URL the relayer
   * uses.
   */
  wrapRpcUrl: (relayerId: string, domain: number, url: string) => Promise<string>
  /**
   * Starts the fault schedule on the running mesh once it executes (seconds on the samples' clock; no fault before
   * `flowingAt`).
   */
  play: (devnet: DevnetMesh, atSeconds: () => number, flowingAt: number, signal: AbortSignal) => void
  /** After the drain: waits for the schedule, checks the invariants, returns the report and the violations. */
  check: (c: FaultRunCheck) => Promise<{ lines: string[]; violations: string[] }>
  stop: () => Promise<void>
}

const AGREEMENT_DEADLINE_MS = 180_000

/**
 * The drain ends when the first relayer's database holds every execution; the others' inbox followers may be
 * behind. Their databases must come to agree with the chain: re-read until they do (or the deadline passes).
 */
async function awaitAgreement(
  c: FaultRunCheck,
  devnet: DevnetMesh | undefined,
  relayerIds: readonly string[],
): Promise<{ violations: string[]; waitedSeconds: number }> {
  const started = Date.now()
  for (;;) {
    // reason: narrowed above
    const relayers = devnet
      ? await Promise.all(relayerIds.map((id) => readRelayerView(id, (devnet as DevnetMesh).databaseUrl(id))))
      : []
    const violations = findMeshViolations({ dispatched: c.dispatched, executedOnChain: c.executedOnChain, relayers })
    const waitedSeconds = (Date.now() - started) / 1000
    if (!violations.some((v) => v.includes('not in its database')) || Date.now() - started > AGREEMENT_DEADLINE_MS)
      return { violations, waitedSeconds }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

/** Each block a relayer never stored while another did, read on that relayer's bus and light client. */
async function diagnose(
  o: FaultRunOptions,
  natsUrl: string,
  devnet: DevnetMesh,
  states: readonly LostMessageState[],
): Promise<string[]> {
  const blocks = new Map<string, LostBlock>()
  for (const s of states)
    if (s.blockStored === false && s.block)
      blocks.set(`${s.relayer}:${s.block.hash}`, { relayer: s.relayer, ...s.block })
  if (blocks.size === 0) return []
  return diagnoseLostBlocks({ blocks: [...blocks.values()], natsUrl, ...o.bus, databaseUrl: devnet.databaseUrl }).catch(
    (error: unknown) => [`diag: failed (${error instanceof Error ? error.message : String(error)})`],
  )
}

/** Plans the seeded schedule over the running mesh (no fault before `flowingAt`) and starts playing it. */
function playSchedule(
  o: FaultRunOptions,
  parts: {
    devnet: DevnetMesh
    nats: RestartableServer
    postgres: RestartableServer
    rpc: ReadonlyMap<string, RpcProxy>
  },
  clock: { atSeconds: () => number; flowingAt: number; signal: AbortSignal },
): FaultPlayer {
  const d = parts.devnet
  const procs = d.procs.map((p) => `${p.relayer}/${p.service}`)
  const chains = new Map([d.mesh.chains.ethereum, d.mesh.chains.bsc].map((c) => [c.chainId, c.rpcUrl]))
  const plan = planFaults({
    seed: o.seed,
    durationSeconds: clock.flowingAt + o.durationSeconds,
    kinds: o.kinds,
    processes: procs,
    relayers: o.relayerIds,
    offsetSeconds: clock.flowingAt,
    proposerProcess: procs.find((p) => p.endsWith('/batcher')) ?? (procs[0] as string), // reason: at least one process
    rpcEndpoints: [...parts.rpc.keys()],
    // A forged fork is refused by the light clients of both EVM stand-ins: the sync committee's for Ethereum; for BSC
    // the Parlia feeder reads headers through the endpoint rotation and passes over a run whose seals are not its
    // miners' (`checkParliaRun`), so the fork never reaches the Parlia light client. Solana has no such fork.
    forgeEndpoints: [...parts.rpc.keys()].filter((k) =>
      [d.mesh.chains.ethereum.chainId, d.mesh.chains.bsc.chainId].some((id) => k.endsWith(`:${id}`)),
    ),
    destinations: [...chains.keys()],
  })
  o.print(`faults: ${plan.map((f) => `${f.kind} ${f.target} at ${f.atSeconds} s for ${f.downSeconds} s`).join('; ')}`)
  const relayer = (id: string) => {
    const r = d.mesh.relayers.find((x) => x.id === id)
    if (!r) throw new RangeError(`no relayer ${id}`)
    return r
  }
  return startFaultPlayer({
    plan,
    procs: d.procs,
    restart: d.restart,
    nats: parts.nats,
    postgres: parts.postgres,
    rpc: parts.rpc,
    databaseUrl: d.databaseUrl,
    atSeconds: clock.atSeconds,
    print: o.print,
    signal: clock.signal,
    chains,
    settlerAddress: (id) => relayer(id).account.address,
    metricsUrl: (id) => `http://127.0.0.1:${relayer(id).config.api.port}/metrics`,
  })
}

/** Per destination, the dispatched ids the chain never executed and the ids it executed more than once. */
function countDeliveries(c: FaultRunCheck): { messages: number; lost: Hex[]; duplicated: number } {
  let messages = 0
  const lost: Hex[] = []
  let duplicated = 0
  for (const [d, ids] of c.dispatched) {
    const chain = c.executedOnChain.get(d)
    messages += ids.size
    for (const id of ids) if (!chain?.has(id)) lost.push(id)
    for (const n of chain?.values() ?? []) if (n > 1) duplicated++
  }
  return { messages, lost, duplicated }
}

/** What the run's checks read: the mesh, the player and the crashes the supervisor saw. */
type FaultRunState = {
  devnet: DevnetMesh | undefined
  player: FaultPlayer | undefined
  crashes: readonly string[]
  natsUrl: string
}

/**
 * After the drain: the invariants and the recoveries (`summary`) and, for lost messages, where each one stopped
 * (`lost`).
 */
async function checkFaultRun(
  o: FaultRunOptions,
  c: FaultRunCheck,
  run: FaultRunState,
): Promise<{ lost: string[]; summary: string[]; violations: string[] }> {
  const { devnet, player } = run
  await player?.done
  const agreement = await awaitAgreement(c, devnet, o.relayerIds)
  const violations = [
    ...agreement.violations,
    ...(player?.played ?? []).flatMap((f) => (f.problem ? [`${f.kind} ${f.target}: ${f.problem}`] : [])),
  ]
  o.print(`every relayer's database read ${agreement.waitedSeconds.toFixed(0)} s after the drain`)
  const points = c.samples.map((s) => ({
    atSeconds: s.atSeconds,
    backlog: Object.values(s.destinations).reduce((n, d) => n + backlogOf(d), 0),
  }))
  const { messages, lost, duplicated } = countDeliveries(c)
  const summary = formatFaultSummary({
    seed: o.seed,
    recoveries: measureRecovery(points, player?.played ?? [], { slack: Math.ceil(c.rate * 2) }),
    crashes: [...run.crashes],
    messages,
    lost: lost.length,
    duplicated,
    maxBacklog: Math.max(0, ...points.map((p) => p.backlog)),
    violations,
    reobserved: findReobservedBlocks(devnet?.procs ?? []),
  })
  if (lost.length === 0 || !devnet) return { lost: [], summary, violations }
  const where = await traceLostMessages(
    o.relayerIds.map((relayer) => ({ relayer, databaseUrl: devnet.databaseUrl(relayer) })),
    lost,
  )
  const diagnosis = await diagnose(o, run.natsUrl, devnet, where)
  return { lost: [...formatLostMessages(where), ...diagnosis], summary, violations }
}

/**
 * The fault mode of `bench:mesh`: its own NATS and Postgres (so restarting
 * them disturbs nothing else), a seeded fault schedule played during the
 * load, a supervisor restarting crashed processes, and the checks after the
 * drain (`findMeshViolations`, `measureRecovery`).
 */
export async function startFaultRun(o: FaultRunOptions): Promise<FaultRun> {
  const nats = await startRestartableNats()
  const postgres = await startRestartablePostgres().catch(async (error: unknown) => {
    await nats.stop()
    throw error
  })
  o.print(`faults: seed ${o.seed} (replay with --seed ${o.seed}); ${nats.source}; ${postgres.source}`)
  const crashes: string[] = []
  // A run that broke an invariant keeps its servers' data (the NATS store, the relayers' databases) for a post-mortem.
  let keep = false
  let devnet: DevnetMesh | undefined
  let player: FaultPlayer | undefined
  const rpc = new Map<string, RpcProxy>()
  const onProcessExit = (proc: RelayerProcess, code: number | null) => {
    if (player?.killedOnPurpose(proc.child)) return
    crashes.push(`${proc.relayer}/${proc.service} (code ${code}, signal ${proc.child.signalCode})`)
    o.print(`crash: ${proc.relayer}/${proc.service} exited (code ${code}); restarting it in 1 s; see ${proc.logFile}`)
    setTimeout(() => devnet?.restart(proc), 1000)
  }
  return {
    servers: { postgres, nats },
    onProcessExit,
    wrapRpcUrl: async (relayerId, domain, url) => {
      const proxy = await startRpcProxy({ target: url })
      rpc.set(`${relayerId}:${domain}`, proxy)
      return proxy.url
    },
    play: (d, atSeconds, flowingAt, signal) => {
      devnet = d
      player = playSchedule(o, { devnet: d, nats, postgres, rpc }, { atSeconds, flowingAt, signal })
    },
    check: async (c) => {
      const { lost, summary, violations } = await checkFaultRun(o, c, { devnet, player, crashes, natsUrl: nats.url })
      keep = violations.length > 0
      const kept = keep ? [`faults: kept for a post-mortem: ${nats.source}; ${postgres.source}`] : []
      return { lines: [...lost, ...kept, ...summary], violations }
    },
    stop: async () => {
      for (const proxy of rpc.values()) await proxy.stop()
      await nats.stop({ keep })
      await postgres.stop({ keep })
    },
  }
}
