import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'

/**
 * Groups a fetch's messages into batches of what has already arrived (at
 * most `max`), so a handler sees a full batch under load and a single message
 * at once when traffic is light, instead of waiting for the fetch to expire.
 */
export async function* microBatches(messages: ConsumerMessages, max: number): AsyncGenerator<JsMsg[]> {
  const iterator = messages[Symbol.asyncIterator]()
  try {
    while (true) {
      const first = await iterator.next()
      if (first.done) return
      const batch = [first.value]
      // getPending() counts messages already buffered, so next() resolves without waiting.
      while (batch.length < max && messages.getPending() > 0) {
        const next = await iterator.next()
        if (next.done) break
        batch.push(next.value)
      }
      yield batch
    }
  } finally {
    await iterator.return?.()
  }
}
