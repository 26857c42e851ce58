/**
 * A preload that runs a process's clock `RELAYMESH_FAULT_CLOCK_SKEW_MS` off: `Date.now()` and `new Date()` (what
 * the relayer's clock, timestamps and deadlines read). The monotonic clocks (`performance.now`, timers) stay true,
 * as they do on a machine whose wall clock is wrong.
 */
const PRELOAD = [
  'const skew = Number(process.env.RELAYMESH_FAULT_CLOCK_SKEW_MS || 0);',
  'const Real = Date;',
  'globalThis.Date = class extends Real { constructor(...a) { super(...(a.length ? a : [Real.now() + skew])) } ' +
    'static now() { return Real.now() + skew } };',
].join('')

/**
 * The environment that starts a relayer process with its clock `skewMs` off (the fault run's `clock-skew`): a
 * `data:` module preloaded through `NODE_OPTIONS` (`restartRelayerProcess` appends it to the options it had).
 *
 * @example
 * devnet.restart(proc, clockSkewEnv(5_000))
 */
export function clockSkewEnv(skewMs: number): Record<string, string> {
  return {
    NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(PRELOAD)}`,
    RELAYMESH_FAULT_CLOCK_SKEW_MS: String(Math.round(skewMs)),
  }
}
