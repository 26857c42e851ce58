/** What a fault run can break. Each kind is played at least once per run. */
export const FAULT_KINDS = [
  'kill-process',
  'kill-proposer-cosigning',
  'restart-nats',
  'restart-postgres',
  'refuse-database',
  'rpc-stall',
  'rpc-drop',
  'rpc-errors',
  'rpc-rate-limit',
  'rpc-lie',
  'rpc-forge-chain',
  'clock-skew',
  'gas-spike',
  'settler-funds-low',
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/**
 * One fault of the schedule: when it starts (seconds into the load), what it hits, how long the part stays down
 * (for `clock-skew`: how long the process runs with its clock `skewMs` off).
 */
export type PlannedFault = { atSeconds: number; kind: FaultKind; target: string; downSeconds: number; skewMs?: number }

export type PlanFaultsParameters = {
  seed: number
  /** Seconds the load runs; faults play between 15% and 85% of it so each has a steady before and after. */
  durationSeconds: number
  kinds: readonly FaultKind[]
  /** Relayer processes `relayer/service` a `kill-process` may hit. */
  processes: readonly string[]
  /** Relayer ids whose database a `refuse-database` may close. */
  relayers: readonly string[]
  /** The proposer's batcher process (`r1/batcher`), hit by `kill-proposer-cosigning`. */
  proposerProcess: string
  /** RPC endpoints (`relayer:chain`) an `rpc-*` fault may hit. */
  rpcEndpoints?: readonly string[] | undefined
  /**
   * RPC endpoints (`relayer:chain`) an `rpc-forge-chain` may hit: EVM chains whose light client holds the finalized
   * chain itself (the sync committee's, Parlia's seals and votes), so a consistent liar's fork is refused there.
   * Default `rpcEndpoints`.
   */
  forgeEndpoints?: readonly string[] | undefined
  /**
   * EVM destination domains a `gas-spike` may hit; a `settler-funds-low` drains the proposer's settler on one of them.
   */
  destinations?: readonly number[] | undefined
  /** Seconds into the load before which no fault plays (the mesh was not flowing yet); default 0. */
  offsetSeconds?: number | undefined
  /** Faults per kind; default 1 (`kill-process` gets twice as many: it is the cheapest and the commonest). */
  rounds?: number | undefined
}

/**
 * A seeded fault schedule: the same seed gives the same faults at the same
 * moments against the same targets, so a failing run can be replayed.
 * Faults do not overlap: each starts after the previous one's part is back
 * plus a settling gap, so recovery is measured per fault.
 *
 * @example
 * planFaults({
 *   seed: 7,
 *   durationSeconds: 120,
 *   kinds: FAULT_KINDS,
 *   processes: ['r1/watcher', 'r2/all'],
 *   relayers: ['r1', 'r2'],
 *   proposerProcess: 'r1/batcher',
 * })
 */
export function planFaults(p: PlanFaultsParameters): PlannedFault[] {
  const random = mulberry32(p.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T // reason: index below length
  const rounds = p.rounds ?? 1
  const bag: FaultKind[] = []
  for (let r = 0; r < rounds; r++)
    for (const kind of p.kinds) bag.push(...(kind === 'kill-process' ? [kind, kind] : [kind]))
  for (let i = bag.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[bag[i], bag[j]] = [bag[j] as FaultKind, bag[i] as FaultKind] // reason: both indices are in range
  }
  const offset = p.offsetSeconds ?? 0
  const span = Math.max(0, p.durationSeconds - offset)
  const from = offset + span * 0.15
  const slot = (offset + span * 0.85 - from) / Math.max(1, bag.length)
  return bag.map((kind, i) => {
    // At most half a slot down: with the start in the slot's first third, the part is back before the next fault.
    const downSeconds = round1(
      Math.min(
        slot / 2,
        kind === 'kill-process' || kind === 'kill-proposer-cosigning' ? 1 + random() * 4 : 2 + random() * 4,
      ),
    )
    const target = targetOf(kind, p, pick)
    // Start somewhere in the first third of the slot, leaving the rest for the part to come back and the backlog to
    // settle.
    const fault: PlannedFault = {
      atSeconds: round1(from + i * slot + (random() * slot) / 3),
      kind,
      target,
      downSeconds,
    }
    // "A few seconds" either way (2 to 8 s); drawn only for this kind, so other kinds' schedules replay as before.
    if (kind === 'clock-skew') fault.skewMs = Math.round((random() < 0.5 ? -1 : 1) * (2_000 + random() * 6_000))
    return fault
  })
}

function targetOf(kind: FaultKind, p: PlanFaultsParameters, pick: <T>(xs: readonly T[]) => T): string {
  if (kind === 'kill-process' || kind === 'clock-skew') return pick(p.processes)
  if (kind === 'kill-proposer-cosigning') return p.proposerProcess
  if (kind === 'refuse-database') return pick(p.relayers)
  if (kind === 'restart-nats') return 'nats'
  if (kind === 'restart-postgres') return 'postgres'
  if (kind === 'gas-spike' || kind === 'settler-funds-low') {
    if (!p.destinations?.length) throw new RangeError(`${kind} needs destinations`)
    const domain = String(pick(p.destinations))
    // The proposer's settler is the one that sends the destination's transactions.
    return kind === 'gas-spike' ? domain : `${p.proposerProcess.split('/')[0]}:${domain}`
  }
  const endpoints = kind === 'rpc-forge-chain' ? (p.forgeEndpoints ?? p.rpcEndpoints) : p.rpcEndpoints
  if (!endpoints?.length)
    throw new RangeError(`${kind} needs ${kind === 'rpc-forge-chain' ? 'forgeE' : 'rpcE'}ndpoints`)
  return pick(endpoints)
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10
