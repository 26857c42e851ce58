/** What a pull loop holds when it decides whether to ask the server for more. */
export type PullState = {
  /** Deliveries received and not handled yet, the group about to be handled included. */
  held: number
  /** Deliveries the pull in flight may still bring; a loop keeps at most one pull in flight. */
  outstanding: number
  /** Measured handling time per delivery (`nextHandlingCost`); undefined until a first group was handled. */
  costMs: number | undefined
}

export type PullOptions = {
  /** The consumer's ack wait: a delivery not acked within it is sent again. */
  ackWaitMs: number
  /** Share of the ack wait the deliveries a loop holds may take to handle, e.g. 0.5. */
  share: number
  /** Most deliveries per handler call. */
  batch: number
  /** Most deliveries held at once, whatever the handler's speed (memory), e.g. the consumer's `max_ack_pending`. */
  maxHeld: number
}

export type PullDecision =
  { size: number; reason: 'probe' | 'pace' | 'one-at-a-time' } | { size: 0; reason: 'in-flight' | 'enough-held' }

/**
 * How many deliveries to ask for now: as many as the handler, at its measured speed, gets through within `share` of
 * the ack wait, counting what it holds already, capped by `maxHeld`. A delivery held longer than the ack wait is sent
 * again by the server (the copy waits behind the original, and its socket chunk with it), so the loop never holds more.
 *
 * One pull at a time; no pull smaller than a handler call (`batch`, or all that fits when less) while something is
 * held: a pull costs a request and a reply, paid per pull, not per delivery. Before any measure it asks for one
 * handler call's worth. A handler slower than the whole budget per delivery gets one at a time, and only when it
 * holds nothing (the loop tells the server it is still working on it).
 *
 * @example
 * decidePullSize({ held: 0, outstanding: 0, costMs: 40 }, { ackWaitMs: 30_000, share: 0.5, batch: 64, maxHeld: 1024 })
 * // { size: 375, reason: 'pace' }: 15 s of work at 40 ms each
 */
export function decidePullSize(state: PullState, options: PullOptions): PullDecision {
  if (state.outstanding > 0) return { size: 0, reason: 'in-flight' }
  if (state.costMs === undefined) {
    const size = Math.min(options.batch, options.maxHeld) - state.held
    return size > 0 ? { size, reason: 'probe' } : { size: 0, reason: 'enough-held' }
  }
  const budgetMs = options.ackWaitMs * options.share
  const capacity = Math.min(options.maxHeld, Math.floor(budgetMs / Math.max(state.costMs, Number.MIN_VALUE)))
  const room = capacity - state.held
  if (capacity < 1) return state.held === 0 ? { size: 1, reason: 'one-at-a-time' } : { size: 0, reason: 'enough-held' }
  if (room <= 0) return { size: 0, reason: 'enough-held' }
  if (state.held > 0 && room < Math.min(options.batch, capacity)) return { size: 0, reason: 'enough-held' }
  return { size: room, reason: 'pace' }
}

/**
 * The next handling cost per delivery after a handler call of `messages` deliveries took `elapsedMs` (its settling
 * included). A slower call counts at once (holding too much costs redeliveries); a faster one moves the measure a
 * quarter of the way (one quick call says little about the next).
 *
 * @example
 * nextHandlingCost(10, { messages: 64, elapsedMs: 1_280 }) // 20: slower, taken at once
 * nextHandlingCost(20, { messages: 64, elapsedMs: 640 }) // 17.5: faster, a quarter of the way
 */
export function nextHandlingCost(
  previousMs: number | undefined,
  call: { messages: number; elapsedMs: number },
): number | undefined {
  if (call.messages < 1) return previousMs
  const sample = Math.max(0, call.elapsedMs) / call.messages
  if (previousMs === undefined || sample >= previousMs) return sample
  return previousMs + (sample - previousMs) / 4
}
