import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createHeadSignal } from './createHeadSignal.js'
import type { WatchNewHeadsParameters } from './watchNewHeads.js'

/** A subscription the test drives: it keeps the callbacks `createHeadSignal` passed. */
function fakeWatch() {
  const opened: WatchNewHeadsParameters[] = []
  return { opened, watch: (p: WatchNewHeadsParameters) => void opened.push(p) }
}

describe('createHeadSignal', () => {
  it('opens one subscription with the first sleeper, and a head ends every sleeper’s pause at once', async () => {
    const fake = fakeWatch()
    const stop = new AbortController()
    const heads = createHeadSignal({ wsUrl: 'ws://127.0.0.1:1', watch: fake.watch, signal: stop.signal })
    assert.equal(fake.opened.length, 0, 'no socket before a poller asks')
    const watcher = heads.sleeper()
    const feeder = heads.sleeper()
    assert.equal(fake.opened.length, 1, 'one socket per chain')
    const slept = [watcher.sleep(600_000, stop.signal), feeder.sleep(600_000, stop.signal)]
    fake.opened[0]?.onHead(7n)
    await Promise.all(slept) // a 10-minute timer would fail the test's own timeout
    stop.abort()
  })

  it('a head that came while the poller was busy ends its next sleep at once', async () => {
    const fake = fakeWatch()
    const stop = new AbortController()
    const heads = createHeadSignal({ wsUrl: 'ws://127.0.0.1:1', watch: fake.watch, signal: stop.signal })
    const watcher = heads.sleeper()
    fake.opened[0]?.onHead(8n)
    await watcher.sleep(600_000, stop.signal)
    stop.abort()
  })

  it('is live from the confirmed subscription until the socket closes', () => {
    const fake = fakeWatch()
    const closes: number[] = []
    const heads = createHeadSignal({
      wsUrl: 'ws://127.0.0.1:1',
      watch: fake.watch,
      onClose: (ms) => closes.push(ms),
      signal: new AbortController().signal,
    })
    heads.sleeper()
    const socket = fake.opened[0]
    assert.ok(socket)
    const seen = [heads.live()]
    socket.onSubscribed?.()
    seen.push(heads.live())
    socket.onClose?.(1_000)
    seen.push(heads.live())
    socket.onSubscribed?.()
    seen.push(heads.live())
    assert.deepEqual(seen, [false, true, false, true])
    assert.deepEqual(closes, [1_000])
  })

  it('without a WebSocket URL: no subscription, never live (the poller keeps its interval)', () => {
    const fake = fakeWatch()
    const heads = createHeadSignal({ wsUrl: undefined, watch: fake.watch, signal: new AbortController().signal })
    heads.sleeper()
    assert.equal(fake.opened.length, 0)
    assert.equal(heads.live(), false)
  })
})
