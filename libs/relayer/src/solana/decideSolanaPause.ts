/**
 * The Solana watcher's pause before its next poll, and whether a failure is worth a warning. A poll that worked waits
 * one interval (a logs notification for the fee account ends it early); failures back off exponentially from the
 * second on (up to 32 intervals). A few failures in a row are common (a finalized slot not served yet): only the
 * fourth and later are logged.
 *
 * @example
 * decideSolanaPause({ failures: 3 }, { pollIntervalMs: 400 }) // { ms: 1_600, warn: false }
 */
export function decideSolanaPause(
  state: { failures: number },
  opts: { pollIntervalMs: number },
): { ms: number; warn: boolean } {
  return {
    ms: opts.pollIntervalMs * 2 ** Math.min(Math.max(state.failures - 1, 0), 5),
    warn: state.failures > 3,
  }
}
