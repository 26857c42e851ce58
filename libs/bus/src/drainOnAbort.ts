import type { ConsumerMessages } from '@nats-io/jetstream'

/** The refill switch of nats.js 3's pull iterator (`PullConsumerMessagesImpl.isConsume`). */
type Refilling = { isConsume: boolean }

function isRefilling(messages: ConsumerMessages): messages is ConsumerMessages & Refilling {
  return 'isConsume' in messages && typeof messages.isConsume === 'boolean'
}

/**
 * Ends a `consume()` iterator gracefully when `signal` aborts: it stops asking the server for more, and ends once
 * every pull already sent is answered or has expired, so what the server sent before the stop is still handled and
 * acked instead of waiting out `ack_wait`. After `graceMs` it is stopped whatever is left.
 *
 * nats.js 3 has no public way to do this: its `stop()` unsubscribes at once, dropping deliveries already on the wire.
 * Turning off the iterator's refill makes it end as a `fetch()` does, when its pulls are done. If a later nats.js
 * lacks that switch, the stop falls back to `stop()` (deliveries then come back after `ack_wait`; nothing is lost).
 * `consume.int.test.ts` holds it to the graceful stop.
 *
 * Returns a release to call when the iteration is over.
 *
 * @example
 * const release = drainOnAbort(messages, signal, 3_000)
 * try { for await (const m of messages) handle(m) } finally { release() }
 */
export function drainOnAbort(messages: ConsumerMessages, signal: AbortSignal | undefined, graceMs: number): () => void {
  if (!signal) return () => {}
  let timer: NodeJS.Timeout | undefined
  const onAbort = () => {
    if (isRefilling(messages)) messages.isConsume = false
    else messages.stop()
    timer = setTimeout(() => messages.stop(), graceMs)
  }
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  return () => {
    signal.removeEventListener('abort', onAbort)
    clearTimeout(timer)
  }
}
