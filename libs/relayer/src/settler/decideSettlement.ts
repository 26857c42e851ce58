import { RelayerError } from '../RelayerError.js'

/**
 * The two kinds of settlement work on one destination: submit the lowest `signed` batch, execute the next chunk of
 * settled messages.
 */
export type SettlementWork = 'submit' | 'execute'

/** What the settler loop read before a tick, for one destination. */
export type SettlementState = {
  /** The lowest `signed` batch, when one waits to be submitted: how long it has waited. */
  signed: { waitingMs: number } | undefined
  /**
   * The next executable chunk (settled, or failed and due for a retry), when one waits: how long its first message has
   * waited.
   */
  executable: { waitingMs: number } | undefined
  /** The kind of work the previous tick did last; on equal waits the other kind goes first. */
  last: SettlementWork | undefined
}

export type DecideSettlementOptions = {
  /** At most this many of each kind per tick; at least 1 each, so neither kind can keep the other from its turn. */
  perTick: Record<SettlementWork, number>
}

export const defaultDecideSettlementOptions: DecideSettlementOptions = { perTick: { submit: 1, execute: 1 } }

export type DecideSettlementReturnType = SettlementWork[]

const KINDS: readonly SettlementWork[] = ['submit', 'execute']

/**
 * The work of one settler tick, in the order to do it (the tx manager sends
 * sequentially, so this is also nonce order). Every kind that is due gets a
 * turn in every tick, up to `perTick` of it: a stream of newly signed batches
 * cannot starve execution, nor a backlog of settled messages submission. The
 * kind whose work has waited longer goes first, turns alternating after it;
 * nothing due means an empty plan (the loop sleeps).
 *
 * @example
 * decideSettlement({ signed: { waitingMs: 900 }, executable: { waitingMs: 4_000 }, last: 'submit' })
 * // ['execute', 'submit']
 */
export function decideSettlement(
  state: SettlementState,
  options: DecideSettlementOptions = defaultDecideSettlementOptions,
): DecideSettlementReturnType {
  for (const kind of KINDS) {
    const n = options.perTick[kind]
    if (!Number.isInteger(n) || n < 1)
      throw new RelayerError('settlement work per tick must be a positive integer', {
        code: 'CONFIG_INVALID',
        action: 'fatal',
        meta: { kind, perTick: n },
      })
  }
  const waiting = (kind: SettlementWork) => (kind === 'submit' ? state.signed : state.executable)?.waitingMs
  const due = KINDS.filter((kind) => waiting(kind) !== undefined).sort((a, b) => {
    const older = (waiting(b) ?? 0) - (waiting(a) ?? 0)
    if (older !== 0) return older
    // Equal waits: the kind that did not go last; at the very start, submission (it is what makes messages executable).
    return (a === state.last ? 1 : 0) - (b === state.last ? 1 : 0)
  })
  const plan: SettlementWork[] = []
  const left = { ...options.perTick }
  while (due.some((kind) => left[kind] > 0)) {
    for (const kind of due) {
      if (left[kind] === 0) continue
      plan.push(kind)
      left[kind]--
    }
  }
  return plan
}
