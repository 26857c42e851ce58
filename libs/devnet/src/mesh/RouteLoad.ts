import type { Hex } from 'viem'

/** The four routes of the local mesh, as the load generator and `bench:mesh` name them. */
export const MESH_ROUTES = ['ethereum->bsc', 'bsc->ethereum', 'solana->ethereum', 'solana->bsc'] as const

/** One route of the local mesh: origin chain -> destination chain. */
export type MeshRoute = (typeof MESH_ROUTES)[number]

/**
 * What the load generator did on one route, live (the generator updates it in
 * place). At any moment `offered = sent + errors + (in flight)`; after
 * `stop()` and the drain, nothing is in flight.
 */
export type RouteLoad = {
  /** Messages the fixed-rate schedule owed so far. */
  offered: number
  /** Messages handed to the origin chain's RPC (each in a transaction the node accepted). */
  submitted: number
  /** Messages confirmed on chain with their ids known (= `ids.size`). */
  sent: number
  /** Messages that will never be sent: refused by the RPC, in a reverted or failed transaction, or never included. */
  errors: number
  lastError: string | undefined
  /** Transactions the node accepted (messages per transaction = submitted / transactions). */
  transactions: number
  /** Message id -> wall-clock ms when its transaction was submitted. */
  ids: Map<Hex, number>
}

/** One route's sending side, as the generator drives it. */
export type RouteLoadSender = {
  /** Submits `count` more messages now, in as few transactions as allowed, without waiting for inclusion. */
  send(count: number): Promise<void>
  /** One confirmation pass: ids of included messages into `ids`, failed ones into `errors`. */
  confirm(): Promise<void>
  /** Messages submitted whose fate is not known yet. */
  inFlight(): number
}

/** A fresh, empty `RouteLoad`. */
export function emptyRouteLoad(): RouteLoad {
  return { offered: 0, submitted: 0, sent: 0, errors: 0, lastError: undefined, transactions: 0, ids: new Map() }
}

/** Records `count` lost messages and why. */
export function recordLoadError(load: RouteLoad, count: number, error: unknown): void {
  load.errors += count
  load.lastError = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)
}
