import { recordLoadError, type RouteLoad } from './RouteLoad.js'

/** A sent transaction whose fate is not known yet: how many messages it carries and when it was submitted. */
export type InFlightTransaction = { count: number; submittedAt: number }

/**
 * A route's transactions in flight, by hash or signature, and the messages
 * they carry. A transaction is tracked before it is sent, so that a block
 * read before the RPC answers still finds it.
 *
 * @example
 * const inFlight = createInFlightTransactions<string>()
 * trackInFlight(inFlight, signature, { count: 6, submittedAt: now() })
 */
export type InFlightTransactions<K> = { byKey: Map<K, InFlightTransaction>; messages: number }

export function createInFlightTransactions<K>(): InFlightTransactions<K> {
  return { byKey: new Map(), messages: 0 }
}

export function trackInFlight<K>(t: InFlightTransactions<K>, key: K, tx: InFlightTransaction): void {
  t.byKey.set(key, tx)
  t.messages += tx.count
}

/** Removes a transaction whose fate is now known; undefined when it was not (or no longer) in flight. */
export function settleInFlight<K>(t: InFlightTransactions<K>, key: K): InFlightTransaction | undefined {
  const tx = t.byKey.get(key)
  if (!tx) return undefined
  t.byKey.delete(key)
  t.messages -= tx.count
  return tx
}

/** Counts as lost every transaction in flight for `timeoutMs` or more. */
export function expireInFlight<K>(
  t: InFlightTransactions<K>,
  p: { now: number; timeoutMs: number; load: RouteLoad; what: string },
): void {
  for (const [key, tx] of t.byKey) {
    if (p.now - tx.submittedAt < p.timeoutMs) continue
    settleInFlight(t, key)
    recordLoadError(p.load, tx.count, new Error(`transaction ${String(key)} not ${p.what} within ${p.timeoutMs} ms`))
  }
}
