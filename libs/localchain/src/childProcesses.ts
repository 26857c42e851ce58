import type { ChildProcess } from 'node:child_process'

/**
 * Every anvil this process started and has not stopped yet.
 *
 * Module-level on purpose (STYLE.md allows no mutable module state, this is the exception): `exit`,
 * SIGINT and SIGTERM are process-wide events, so the set of children to kill on them must be
 * process-wide too, or a failing test that never reaches its `stop()` leaves anvils running.
 */
const children = new Set<ChildProcess>()
let hooksInstalled = false

function killAll(): void {
  for (const child of children) child.kill('SIGKILL')
  children.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAll()
  process.removeListener(signal, onSignal)
  // Re-raise so the default action (or another listener) still ends the process.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on('exit', killAll)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** Registers a child to be killed when the process exits or is interrupted. */
export function trackChild(child: ChildProcess): void {
  installHooks()
  children.add(child)
  child.once('exit', () => children.delete(child))
}

/** Number of tracked, still-running children (tests assert it drops to zero). */
export function runningChildren(): number {
  return children.size
}
