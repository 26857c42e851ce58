import type { Hex } from 'viem'

/** One relayer's database after the drain: per destination the ids it holds as executed, and its rejections. */
export type RelayerView = {
  relayer: string
  executed: ReadonlyMap<number, ReadonlySet<Hex>>
  /** Messages in state `rejected`: their id and reason code (null is a violation). */
  rejected: ReadonlyArray<{ id: Hex; reasonCode: string | null }>
  /** Rejection records (`rejections` table) without a reason code. */
  rejectionsWithoutCode: number
}

export type FindMeshViolationsParameters = {
  /** Per destination, every message id the load dispatched (all honest). */
  dispatched: ReadonlyMap<number, ReadonlySet<Hex>>
  /** Per destination, how many times each id was executed on chain (`MessageExecuted`). */
  executedOnChain: ReadonlyMap<number, ReadonlyMap<Hex, number>>
  relayers: readonly RelayerView[]
}

/**
 * The fault run's invariants, checked after the drain: every dispatched message
 * executed exactly once on chain, nothing executed that was not dispatched,
 * every relayer's database agrees with the chain on what was executed, and no
 * honest message rejected or a rejection without its reason code. Returns one
 * line per violation (empty when all hold), with up to three example ids.
 *
 * @example
 * findMeshViolations({ dispatched, executedOnChain, relayers: [] }) // []
 */
export function findMeshViolations(p: FindMeshViolationsParameters): string[] {
  const out: string[] = []
  const report = (what: string, ids: Hex[]) => {
    if (ids.length) out.push(`${what}: ${ids.length} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''})`)
  }
  const destinations = new Set([...p.dispatched.keys(), ...p.executedOnChain.keys()])
  for (const d of [...destinations].sort((a, b) => a - b)) {
    const sent = p.dispatched.get(d) ?? new Set<Hex>()
    const chain = p.executedOnChain.get(d) ?? new Map<Hex, number>()
    report(
      `destination ${d}: dispatched, never executed (lost)`,
      [...sent].filter((id) => !chain.has(id)),
    )
    report(
      `destination ${d}: executed more than once`,
      [...chain].filter(([, n]) => n > 1).map(([id]) => id),
    )
    report(
      `destination ${d}: executed, never dispatched`,
      [...chain.keys()].filter((id) => !sent.has(id)),
    )
    for (const r of p.relayers) {
      const held = r.executed.get(d) ?? new Set<Hex>()
      report(
        `${r.relayer}: destination ${d} executed on chain, not in its database`,
        [...chain.keys()].filter((id) => !held.has(id)),
      )
      report(
        `${r.relayer}: destination ${d} executed in its database, not on chain`,
        [...held].filter((id) => !chain.has(id)),
      )
    }
  }
  const honest = new Set([...p.dispatched.values()].flatMap((s) => [...s]))
  for (const r of p.relayers) {
    report(
      `${r.relayer}: rejected without a reason code`,
      r.rejected.filter((x) => !x.reasonCode).map((x) => x.id),
    )
    report(
      `${r.relayer}: honest message rejected`,
      r.rejected.filter((x) => honest.has(x.id)).map((x) => `${x.id} ${x.reasonCode ?? ''}` as Hex),
    )
    if (r.rejectionsWithoutCode)
      out.push(`${r.relayer}: ${r.rejectionsWithoutCode} rejection records without a reason code`)
  }
  return out
}
