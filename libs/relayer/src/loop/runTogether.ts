/**
 * Runs `tasks` together; when one fails the others are aborted, and the
 * returned promise rejects with the first failure once all have stopped.
 */
export function runTogether(signal: AbortSignal, tasks: ((signal: AbortSignal) => Promise<unknown>)[]): Promise<void> {
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) inner.abort()
  let failure: { error: unknown } | undefined
  const running = tasks.map((task) =>
    task(inner.signal).catch((error: unknown) => {
      failure ??= { error }
      inner.abort()
    }),
  )
  return Promise.all(running).then(() => {
    signal.removeEventListener('abort', onAbort)
    if (failure) throw failure.error
  })
}
