/** Wakes a sleeping loop early (a verified bundle arrived, a batch reached quorum). */
export type Waker = { wake(): void; sleep(ms: number, signal: AbortSignal): Promise<void> }

export function createWaker(): Waker {
  const sleepers = new Set<() => void>()
  // A wake with nobody asleep is kept for the next sleep: a spurious extra step is harmless, a lost wake-up is not.
  let woken = false
  return {
    wake() {
      if (sleepers.size === 0) woken = true
      for (const done of [...sleepers]) done()
    },
    sleep(ms, signal) {
      if (woken || signal.aborted) {
        woken = false
        return Promise.resolve()
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          sleepers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        signal.addEventListener('abort', done, { once: true })
        sleepers.add(done)
      })
    },
  }
}
