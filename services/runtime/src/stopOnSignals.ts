import type { ServiceConfig } from './loadServiceConfig.js'

export type StopOnSignalsParameters = {
  /** Stop also when the process that spawned this one is gone (`ServiceConfig.exitWithParent`). */
  exitWithParent?: ServiceConfig['exitWithParent']
}

/**
 * Aborts `stop` on SIGTERM or SIGINT (the abort reason is the signal's name), or with reason `'parent exited'`
 * once the watched parent is gone. Each signal is handled once: a second SIGTERM during the stop ends the
 * process at once (Node's default action). Returns the function that removes the handlers and the watch.
 *
 * @example
 * const stop = new AbortController()
 * const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
 * try { await run(stop.signal) } finally { release() }
 */
export function stopOnSignals(stop: AbortController, p: StopOnSignalsParameters = {}): () => void {
  const onSignal = (signal: NodeJS.Signals) => stop.abort(signal)
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  const watchdog = watchParent(p.exitWithParent, () => stop.abort('parent exited'))
  return () => {
    clearInterval(watchdog)
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}

/**
 * Calls `onGone` once the watched parent is no longer this process's parent (it died; the orphan was re-parented):
 * at once when that happened before this process got here (a slow start on busy CI), else within a second.
 */
function watchParent(exitWithParent: ServiceConfig['exitWithParent'], onGone: () => void): NodeJS.Timeout | undefined {
  if (exitWithParent === undefined) return undefined
  const parent = exitWithParent === 'parent-at-start' ? process.ppid : exitWithParent
  const check = () => process.ppid !== parent && onGone()
  check()
  const watchdog = setInterval(check, 1000)
  watchdog.unref()
  return watchdog
}
