/** What `microBatches` reads: async deliveries that can be told to stop (a nats.js `ConsumerMessages`). */
export type StoppableMessages<T> = AsyncIterable<T> & { stop(err?: Error): void }

/**
 * Groups deliveries into batches of what has already arrived (at most `max`), so a handler sees a full batch under
 * load and a single message at once when traffic is light, never waiting for more to come.
 *
 * A reader runs ahead of the handler by at most `max` deliveries. It keeps its own count of what has arrived:
 * nats.js's `getPending()` also counts the pull requests queued inside the iterator, so under `consume()` it claimed
 * a delivery that was not there and a batch waited for the next one to arrive.
 *
 * @example
 * for await (const group of microBatches(await consumer.consume({ max_messages: 64 }), 64)) await handle(group)
 */
export async function* microBatches<T>(messages: StoppableMessages<T>, max: number): AsyncGenerator<T[]> {
  const arrived: T[] = []
  let ended = false
  let failure: { error: unknown } | undefined
  let wakeHandler: (() => void) | undefined
  let wakeReader: (() => void) | undefined
  const wake = () => {
    wakeHandler?.()
    wakeHandler = undefined
  }
  const reader = (async () => {
    try {
      for await (const m of messages) {
        arrived.push(m)
        wake()
        if (arrived.length >= max) await new Promise<void>((resolve) => (wakeReader = resolve))
      }
    } catch (error) {
      failure = { error }
    } finally {
      ended = true
      wake()
    }
  })()
  try {
    while (true) {
      if (arrived.length === 0 && !ended) await new Promise<void>((resolve) => (wakeHandler = resolve))
      if (arrived.length === 0) {
        if (failure) throw failure.error
        return
      }
      const batch = arrived.splice(0, max)
      wakeReader?.()
      wakeReader = undefined
      yield batch
    }
  } finally {
    // Ended early (the handler threw, or the caller stopped iterating): stop the deliveries and let the reader end.
    messages.stop()
    wakeReader?.()
    await reader
  }
}
