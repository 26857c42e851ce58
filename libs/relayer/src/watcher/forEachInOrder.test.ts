import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { forEachInOrder } from './forEachInOrder.js'

/** A promise settled by hand, so the test decides the order in which produce calls finish. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('forEachInOrder', () => {
  it('consumes in item order whatever order the results arrive in, with at most `concurrency` in flight', async () => {
    const pending = new Map<number, ReturnType<typeof deferred<number>>>()
    let inFlight = 0
    let maxInFlight = 0
    const consumed: number[] = []
    const run = forEachInOrder(
      [0, 1, 2, 3, 4, 5],
      3,
      (n) => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        const d = deferred<number>()
        pending.set(n, d)
        return d.promise.finally(() => inFlight--)
      },
      async (result) => {
        consumed.push(result)
      },
    )
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual([...pending.keys()], [0, 1, 2], 'three started at once')
    // Finish out of order: 2 and 1 first; nothing is consumed before 0.
    pending.get(2)?.resolve(20)
    pending.get(1)?.resolve(10)
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(consumed, [])
    pending.get(0)?.resolve(0)
    await new Promise((resolve) => setImmediate(resolve))
    for (const n of [5, 4, 3]) {
      await new Promise((resolve) => setImmediate(resolve))
      pending.get(n)?.resolve(n * 10)
    }
    await run
    assert.deepEqual(consumed, [0, 10, 20, 30, 40, 50])
    assert.equal(maxInFlight, 3)
  })

  it('rejects with the first failure in item order and consumes nothing after it, leaving no unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const consumed: number[] = []
      await assert.rejects(
        forEachInOrder(
          [0, 1, 2, 3],
          4,
          async (n) => {
            if (n >= 2) throw new Error(`fetch ${n} failed`)
            return n
          },
          async (n) => {
            consumed.push(n)
          },
        ),
        /fetch 2 failed/,
      )
      await new Promise((resolve) => setImmediate(resolve))
      assert.deepEqual(consumed, [0, 1])
      assert.deepEqual(unhandled, [], 'the later failure (3) is not reported as unhandled')
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('stops at a failing consume without starting more than the window', async () => {
    const produced: number[] = []
    await assert.rejects(
      forEachInOrder(
        [0, 1, 2, 3, 4, 5],
        2,
        async (n) => {
          produced.push(n)
          return n
        },
        async (n) => {
          if (n === 1) throw new Error('publish failed')
        },
      ),
      /publish failed/,
    )
    assert.deepEqual(produced, [0, 1, 2])
  })

  it('refuses a concurrency below one and does nothing for no items', async () => {
    await assert.rejects(
      forEachInOrder(
        [1],
        0,
        async (n) => n,
        async () => undefined,
      ),
      RangeError,
    )
    let called = false
    await forEachInOrder(
      [],
      4,
      async () => {
        called = true
      },
      async () => undefined,
    )
    assert.equal(called, false)
  })
})
