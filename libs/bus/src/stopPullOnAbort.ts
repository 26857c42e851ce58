import type { ConsumerMessages } from '@nats-io/jetstream'

/**
 * How long a pull stays open after its consumer loop was told to stop, so that what the server already sent arrives
 * and is handled (a message stopped on the wire would come back only after `ack_wait`).
 */
export const STOP_GRACE_MS = 1_000

/**
 * Ends `messages` (a JetStream pull) `graceMs` after `signal` aborts, instead of at its `expires`: a loop pulling with
 * a long `expires` still stops within about a second. What arrived before the stop is still yielded (nats.js queues
 * the end behind it). Returns the clean-up to call when the pull is over.
 *
 * @example
 * const messages = await consumer.fetch({ max_messages: 64, expires: 10_000 })
 * const release = stopPullOnAbort(messages, signal)
 * try { for await (const m of messages) handle(m) } finally { release() }
 */
export function stopPullOnAbort(
  messages: Pick<ConsumerMessages, 'stop'>,
  signal: AbortSignal | undefined,
  graceMs = STOP_GRACE_MS,
): () => void {
  if (!signal) return () => {}
  let timer: NodeJS.Timeout | undefined
  const onAbort = () => {
    timer = setTimeout(() => messages.stop(), graceMs)
  }
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  return () => {
    signal.removeEventListener('abort', onAbort)
    clearTimeout(timer)
  }
}
