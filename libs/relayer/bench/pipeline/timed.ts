/** What a stage cost: wall-clock and CPU milliseconds (all threads of this process). */
export type Stage = { wallMs: number; cpuMs: number }

/** CPU milliseconds this process has used so far (all threads). */
export function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Runs `fn` and measures it. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<Stage & { value: T }> {
  const [wall, cpu] = [performance.now(), cpuMs()]
  const value = await fn()
  return { value, wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu }
}
