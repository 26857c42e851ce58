import { createWaker, type Waker } from '../loop/createWaker.js'
import { watchNewHeads } from './watchNewHeads.js'

/** New blocks of one chain as wake-ups: for each poller of the chain a sleep that a new head ends early. */
export type HeadSignal = {
  /** True while the subscription is confirmed and open: the next block will end a pause. */
  live(): boolean
  /** A sleep for one poller, ended early by the next head (one that came while it was busy ends the next sleep). */
  sleeper(): Waker
}

export type CreateHeadSignalParameters = {
  /** The chain's WebSocket endpoint; without one nothing wakes early and `live()` stays false (polling only). */
  wsUrl: string | undefined
  /** The subscription, as `watchNewHeads` (a test passes a fake that calls the callbacks itself). */
  watch?: typeof watchNewHeads
  onClose?: (reconnectInMs: number) => void
  signal: AbortSignal
}

/**
 * One `newHeads` subscription per chain shared by the pollers of that chain (its watcher and Parlia feeder): each new
 * block wakes all of them, so an idle poller waits for blocks instead of asking for the head on a timer. The socket
 * opens with the first sleeper, and closes with `signal`.
 *
 * @example
 * const heads = createHeadSignal({ wsUrl: config.wsUrl, signal })
 * const waker = heads.sleeper()
 * await waker.sleep(decidePollDelay({ ..., wakeLive: heads.live() }, opts), signal)
 */
export function createHeadSignal(p: CreateHeadSignalParameters): HeadSignal {
  const wakers: Waker[] = []
  let live = false
  let started = false
  const start = () => {
    if (started || !p.wsUrl) return
    started = true
    ;(p.watch ?? watchNewHeads)({
      wsUrl: p.wsUrl,
      onHead: () => {
        for (const waker of wakers) waker.wake()
      },
      onSubscribed: () => {
        live = true
      },
      onClose: (reconnectInMs) => {
        live = false
        p.onClose?.(reconnectInMs)
      },
      signal: p.signal,
    })
  }
  return {
    live: () => live,
    sleeper: () => {
      const waker = createWaker()
      wakers.push(waker)
      start()
      return waker
    },
  }
}
