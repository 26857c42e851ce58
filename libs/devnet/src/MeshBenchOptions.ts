import type { FaultKind } from './faults/planFaults.js'
import type { MeshRoute } from './mesh/startLoadGenerator.js'
import type { MeshRunSummary } from './mesh/summarizeMeshRun.js'

export type MeshBenchOptions = {
  relayerIds: string[]
  threshold: number
  /** Offered msgs/s over all `routes` (split evenly); with `findMax`, the first step. */
  /** 0 measures the idle mesh: no traffic for the duration, CPU per process as a share of a core. */
  rate: number
  durationSeconds: number
  routes: MeshRoute[]
  /**
   * Raise the rate by `stepFactor` every `stepSeconds` until the backlog grows for 30 s; report the highest rate that
   * held.
   */
  findMax: boolean
  stepSeconds: number
  stepFactor: number
  /**
   * Seconds the ready mesh runs before the CPU figures start (and before the load), so start-up is not counted; the
   * `% of a core` column then is the steady share.
   */
  settleSeconds?: number | undefined
  /** Give up draining when nothing was executed for this long. */
  drainStallSeconds: number
  runDir: string
  bin: string
  env: Record<string, string | undefined>
  print: (line: string) => void
  signal: AbortSignal
  /** Database name prefix (one database per relayer) and NATS stream prefix; default `relaymesh_bench` and `BENCH`. */
  databasePrefix?: string | undefined
  streamPrefix?: string | undefined
  /**
   * Fault mode: the run's own NATS and Postgres, a seeded fault schedule during the load, the invariants checked after
   * the drain.
   */
  faults?: { seed: number; kinds: readonly FaultKind[] } | undefined
  /**
   * Profile every relayer process with `node --cpu-prof` into `<cpuProfDir>/<relayer>/<service>/` (written when the run
   * stops them).
   */
  cpuProfDir?: string | undefined
}

export type MeshBenchResult = {
  summary: MeshRunSummary
  heldRate: number | undefined
  stalled: string[]
  runDir: string
  /** Fault mode: every invariant that did not hold (empty when all did). */ violations: string[]
}
