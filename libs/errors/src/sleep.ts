/**
 * Resolves after `ms`, or at once when `signal` aborts (the caller checks `signal.aborted`). Plain `setTimeout`, so
 * it runs in the browser too (the explorer bundles the SDK).
 *
 * @example
 * await sleep(retryDelay, signal)
 * if (signal.aborted) return
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    // A deadline already past waits no time (setTimeout warns on a negative delay).
    const timer = setTimeout(done, Math.max(0, ms))
    signal?.addEventListener('abort', done, { once: true })
  })
}
