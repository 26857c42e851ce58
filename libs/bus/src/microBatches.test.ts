import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { microBatches, type StoppableMessages } from './microBatches.js'

/** Deliveries pushed by the test, as a consumer's would arrive; `end` ends them as a drained pull does. */
function feed<T>() {
  const queue: T[] = []
  let waiting: (() => void) | undefined
  let done = false
  let stops = 0
  const messages: StoppableMessages<T> = {
    stop: () => {
      stops++
      done = true
      waiting?.()
    },
    async *[Symbol.asyncIterator]() {
      while (true) {
        while (queue.length > 0) yield queue.shift() as T // reason: length checked just above
        if (done) return
        await new Promise<void>((resolve) => (waiting = resolve))
      }
    },
  }
  const push = (...items: T[]) => {
    queue.push(...items)
    waiting?.()
  }
  const end = () => {
    done = true
    waiting?.()
  }
  return { messages, push, end, stops: () => stops, unread: () => queue.length }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('microBatches', () => {
  it('hands over a single delivery at once, without waiting for more', async () => {
    const f = feed<number>()
    const batches = microBatches(f.messages, 4)
    f.push(1)
    assert.deepEqual((await batches.next()).value, [1])
    f.end()
    assert.equal((await batches.next()).done, true)
  })

  it('groups what arrived while the handler was busy, at most max at a time, reading at most max ahead', async () => {
    const f = feed<number>()
    const batches = microBatches(f.messages, 3)
    f.push(1)
    assert.deepEqual((await batches.next()).value, [1])
    // The handler is busy: seven more arrive, the reader takes three and waits for room.
    f.push(2, 3, 4, 5, 6, 7, 8)
    await tick()
    assert.equal(f.unread(), 4)
    assert.deepEqual((await batches.next()).value, [2, 3, 4])
    await tick()
    assert.deepEqual((await batches.next()).value, [5, 6, 7])
    await tick()
    assert.deepEqual((await batches.next()).value, [8])
    f.end()
    assert.equal((await batches.next()).done, true)
  })

  it('stops the deliveries when the caller leaves early', async () => {
    const f = feed<number>()
    f.push(1)
    for await (const group of microBatches(f.messages, 4)) {
      assert.deepEqual(group, [1])
      break
    }
    assert.equal(f.stops(), 1)
  })
})
