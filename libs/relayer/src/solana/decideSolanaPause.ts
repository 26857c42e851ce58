/**
 * `failures`: polls failed in a row. `idlePolls`: polls in a row that published nothing (1 for the first poll after a
 * wake-up that found nothing yet). `wakeLive`: the logs subscription is open, so an outbox transaction ends the pause
 * at once.
 */
export type DecideSolanaPauseState = {
  failures: number
  idlePolls?: number | undefined
  wakeLive?: boolean | undefined
}

/**
 * The Solana watcher's pause before its next poll, and whether a failure is worth a warning. A poll that worked waits
 * one interval (a logs notification for the fee account ends it early); failures back off exponentially from the
 * second on (up to 32 intervals). A few failures in a row are common (a finalized slot not served yet): only the
 * fourth and later are logged. While the logs subscription is live, the interval is only a fallback: an idle watcher
 * waits `idlePollMs`, and one woken for a transaction it did not find yet (the node's finalized view lagging its
 * notification) polls again after one interval, doubling up to `idlePollMs`.
 *
 * @example
 * decideSolanaPause({ failures: 3 }, { pollIntervalMs: 400, idlePollMs: 2_000 }) // { ms: 1_600, warn: false }
 */
export function decideSolanaPause(
  state: DecideSolanaPauseState,
  opts: { pollIntervalMs: number; idlePollMs: number },
): { ms: number; warn: boolean } {
  const warn = state.failures > 3
  if (state.failures > 0 || !state.wakeLive)
    return { ms: opts.pollIntervalMs * 2 ** Math.min(Math.max(state.failures - 1, 0), 5), warn }
  const idleMs = Math.max(opts.idlePollMs, opts.pollIntervalMs)
  const idlePolls = state.idlePolls ?? 0
  if (idlePolls <= 0) return { ms: idleMs, warn }
  return { ms: Math.min(idleMs, opts.pollIntervalMs * 2 ** Math.min(idlePolls - 1, 16)), warn }
}
