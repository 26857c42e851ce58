/** The default for how long the stored cursor may trail the watcher over blocks that held no message. */
export const MAX_CURSOR_LAG_MS = 5_000

export type DecideCursorSaveState = {
  /** Messages the poll published (a block with messages moves the stored cursor at once). */
  messages: number
  /** When the cursor was last stored (ms, the watcher's clock); undefined: not since the process started. */
  savedAt: number | undefined
  now: number
}

/**
 * Whether a poll stores its cursor. Blocks that hold no message are only a restart's re-read if the stored cursor
 * trails: reading a few empty blocks again costs less than a Postgres write per block per chain while idle. So the
 * cursor is stored after a poll that published messages, on the first poll of the process, and otherwise once it
 * trails by `maxCursorLagMs`; the watcher keeps its own cursor in memory either way.
 *
 * @example
 * decideCursorSave({ messages: 0, savedAt: 1_000, now: 2_000 }, { maxCursorLagMs: 5_000 }) // false
 */
export function decideCursorSave(state: DecideCursorSaveState, opts: { maxCursorLagMs: number }): boolean {
  if (state.messages > 0 || state.savedAt === undefined) return true
  return state.now - state.savedAt >= opts.maxCursorLagMs
}
