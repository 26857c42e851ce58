import { createHash } from 'node:crypto'
import { devAccounts, type Bridge, type DevAccount } from '@relaymesh/localchain'
import type { LocalSolanaSource } from '../solana/startLocalSolanaSource.js'
import { createEvmLoadSender } from './createEvmLoadSender.js'
import { createSolanaLoadSender } from './createSolanaLoadSender.js'
import { createLoadSchedule, loadOwed, setLoadRate, type LoadSchedule } from './loadSchedule.js'
import { readSolanaSlotIds } from './readSolanaSlotIds.js'
import {
  emptyRouteLoad,
  MESH_ROUTES,
  recordLoadError,
  type MeshRoute,
  type RouteLoad,
  type RouteLoadSender,
} from './RouteLoad.js'

export { MESH_ROUTES, type MeshRoute, type RouteLoad } from './RouteLoad.js'

/**
 * Parameters of `startLoadGenerator`.
 *
 * @example
 * const parameters: StartLoadGeneratorParameters = {
 *   bridges: mesh.bridges,
 *   solana,
 *   routes: [...MESH_ROUTES],
 *   rate: 500,
 *   signal,
 * }
 */
export type StartLoadGeneratorParameters = {
  bridges: { ethereum: Bridge; bsc: Bridge }
  /** Needed when a `solana->*` route is listed. */
  solana?: LocalSolanaSource | undefined
  /**
   * One account per EVM route (ethereum->bsc, then bsc->ethereum), used by nothing else; default dev accounts 7 and 8.
   * Topped up with `anvil_setBalance`.
   */
  senders?: readonly DevAccount[] | undefined
  routes: readonly MeshRoute[]
  /** Messages per second offered on each route. */
  rate: number
  /** How often each route sends what it owes; default 100 ms. A late tick sends more at once, never less. */
  tickMs?: number | undefined
  /** Payload bytes per message; default 16 (~6 per Solana transaction). */
  payloadBytes?: number | undefined
  /** Messages per EVM `dispatchBatch`; default 256 (~1.6M gas), at most 1,024. */
  maxMessagesPerTx?: number | undefined
  /** A transaction not included (EVM) or finalized (Solana) by then counts as lost; default 120 s. */
  confirmTimeoutMs?: number | undefined
  signal: AbortSignal
  /** Wall clock in ms; default `Date.now`. */
  now?: (() => number) | undefined
}

/**
 * A running load generator. Every count is live.
 *
 * @example
 * const load = startLoadGenerator(parameters)
 * load.routes['ethereum->bsc'].ids // id -> submit time (ms)
 */
export type LoadGenerator = {
  /** Every route (unlisted ones stay at zero). */
  routes: Record<MeshRoute, RouteLoad>
  /** Messages offered, over all routes. */
  offered(): number
  /** Messages confirmed on chain with known ids, over all routes. */
  sent(): number
  /** Messages offered whose fate is not known yet (in flight), over all routes. */
  pending(): number
  /** New per-route rate from now on (messages per second). */
  setRate(rate: number): void
  /** Stops offering; confirmations go on until nothing is pending (or `signal` aborts), then `done` resolves. */
  stop(): void
  done: Promise<void>
}

const CONFIRM_INTERVAL_MS = 200
const DEFAULT_SENDERS = () => devAccounts(10).slice(7, 9)

/**
 * The mesh benchmark's and the devnet's traffic: a fixed rate per route
 * (`rate * elapsed` messages owed at every tick, whatever the tick's delay),
 * sent without waiting for any transaction: EVM routes as `Outbox.dispatchBatch`
 * transactions with locally kept nonces, Solana routes as multi-memo
 * transactions. Ids are learned asynchronously from receipts (EVM) and from
 * finalized slots numbered by the relayers' rule (Solana). `offered` vs `sent`
 * per route shows whether the generator or the chains fall behind.
 *
 * @example
 * const load = startLoadGenerator({ bridges: mesh.bridges, solana, routes: [...MESH_ROUTES], rate: 200, signal })
 * setTimeout(() => load.stop(), 10_000)
 * await load.done
 * console.log(load.routes['solana->bsc'].sent, load.routes['solana->bsc'].offered)
 */
export function startLoadGenerator(p: StartLoadGeneratorParameters): LoadGenerator {
  const now = p.now ?? Date.now
  const tickMs = p.tickMs ?? 100
  // reason: one entry per route, built from the list
  const routes = Object.fromEntries(MESH_ROUTES.map((r) => [r, emptyRouteLoad()])) as Record<MeshRoute, RouteLoad>
  let schedule: LoadSchedule = createLoadSchedule({ rate: p.rate, atMs: now() })
  let offering = true
  const wake = new Set<() => void>()
  const stopOffering = () => {
    offering = false
    for (const resolve of wake) resolve()
  }
  if (p.signal.aborted) offering = false
  p.signal.addEventListener('abort', stopOffering, { once: true })
  const senders = createSenders(p, routes, now)
  const loops = [...senders].map(([route, sender]) =>
    runRoute({
      route,
      sender,
      load: routes[route],
      tickMs,
      signal: p.signal,
      wake,
      owed: () => loadOwed(schedule, now()),
      offering: () => offering,
      now,
    }),
  )
  const total = (pick: (r: RouteLoad) => number) => Object.values(routes).reduce((n, r) => n + pick(r), 0)
  return {
    routes,
    offered: () => total((r) => r.offered),
    sent: () => total((r) => r.sent),
    pending: () => total((r) => r.offered - r.sent - r.errors),
    setRate: (rate) => {
      schedule = setLoadRate(schedule, { rate, atMs: now() })
    },
    stop: stopOffering,
    done: Promise.all(loops).then(() => p.signal.removeEventListener('abort', stopOffering)),
  }
}

function createSenders(
  p: StartLoadGeneratorParameters,
  routes: Record<MeshRoute, RouteLoad>,
  now: () => number,
): Map<MeshRoute, RouteLoadSender> {
  const payloadBytes = p.payloadBytes ?? 16
  const confirmTimeoutMs = p.confirmTimeoutMs ?? 120_000
  const maxMessagesPerTx = p.maxMessagesPerTx ?? 256
  const accounts = p.senders ?? DEFAULT_SENDERS()
  const { ethereum, bsc } = p.bridges
  const evm: Partial<Record<MeshRoute, [Bridge, Bridge, DevAccount | undefined]>> = {
    'ethereum->bsc': [ethereum, bsc, accounts[0]],
    'bsc->ethereum': [bsc, ethereum, accounts[1] ?? accounts[0]],
  }
  const slotIds = p.solana
    ? readSolanaSlotIds({
        rpcUrl: p.solana.chain.rpcUrl,
        origin: p.solana.config.domain,
        feeAccount: p.solana.feeAccount,
        minFeeLamports: p.solana.minFee,
        slotsPerEpoch: p.solana.slotsPerEpoch,
      })
    : undefined
  const senders = new Map<MeshRoute, RouteLoadSender>()
  for (const route of new Set(p.routes)) {
    const pair = evm[route]
    if (pair) {
      const [from, to, account] = pair
      if (!account) throw new RangeError(`no sender account for ${route}`)
      senders.set(
        route,
        createEvmLoadSender(
          { from, to, account, payloadBytes, maxMessagesPerTx, confirmTimeoutMs, now },
          routes[route],
        ),
      )
      continue
    }
    if (!p.solana || !slotIds) throw new RangeError(`${route} needs the local Solana source (parameter solana)`)
    const seed = createHash('sha256').update(`relaymesh-load-generator:${route}`).digest()
    const to = route === 'solana->ethereum' ? ethereum : bsc
    senders.set(
      route,
      createSolanaLoadSender(
        { source: p.solana, to, seed, payloadBytes, confirmTimeoutMs, slotIds, now },
        routes[route],
      ),
    )
  }
  return senders
}

type RouteLoop = {
  route: MeshRoute
  sender: RouteLoadSender
  load: RouteLoad
  tickMs: number
  signal: AbortSignal
  wake: Set<() => void>
  owed: () => number
  offering: () => boolean
  now: () => number
}

/**
 * One route: an offer loop (send what the schedule owes each tick) and a confirm loop beside it, until stopped and
 * drained.
 */
async function runRoute(l: RouteLoop): Promise<void> {
  const confirming = (async () => {
    while (!l.signal.aborted && (l.offering() || l.sender.inFlight() > 0)) {
      try {
        await l.sender.confirm()
      } catch (error) {
        l.load.lastError = `confirm: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
      }
      await pause(CONFIRM_INTERVAL_MS, l)
    }
  })()
  while (l.offering()) {
    const started = l.now()
    const due = l.owed() - l.load.offered
    if (due > 0) {
      l.load.offered += due
      try {
        await l.sender.send(due)
      } catch (error) {
        recordLoadError(l.load, due, error) // senders count their own failures; this is a bug guard
      }
    }
    await pause(l.tickMs - (l.now() - started), l)
  }
  await confirming
}

function pause(ms: number, l: Pick<RouteLoop, 'wake'>): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      l.wake.delete(done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    l.wake.add(done)
  })
}
