import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BusError } from './BusError.js'
import type { Bus } from './connectBus.js'
import { consume, defaultFetchRetry } from './consume.js'
import { createJsonCodec } from './createJsonCodec.js'

type Warning = { obj: { err?: unknown; failures?: number }; msg: string }

/** A bus whose consumer exists but every pull request is refused, as when the connection is closed. */
function busWithFailingPulls(): { bus: Pick<Bus, 'js' | 'nc' | 'maxPayload'>; pulls: () => number } {
  let pulls = 0
  const consumer = { info: async () => ({ config: { max_deliver: 5, ack_wait: 30e9 } }) }
  const bus = {
    js: { consumers: { get: async () => consumer }, getOptions: () => ({}) },
    nc: {
      subscribe: () => ({ unsubscribe: () => {}, closed: new Promise(() => {}) }),
      isClosed: () => false,
      isDraining: () => false,
      publish: () => {
        pulls += 1
        throw new Error('connection closed')
      },
      flush: async () => {},
    },
    maxPayload: 1024 * 1024,
  }
  // reason: consume reaches only these members of a bus; the fake has them.
  return { bus: bus as unknown as Pick<Bus, 'js' | 'nc' | 'maxPayload'>, pulls: () => pulls }
}

describe('consume (fake bus)', () => {
  it('warns on each failed pull, then stops with BUS_FETCH_FAILED (fatal) at the maxFailures-th in a row', async () => {
    const { bus, pulls } = busWithFailingPulls()
    const warnings: Warning[] = []
    const logger = { warn: (obj: object, msg: string) => warnings.push({ obj, msg }), error: () => {} }
    const error = await consume(bus, {
      stream: 'BUNDLES',
      consumer: 'verifier',
      // No pull succeeds, so nothing is decoded.
      codec: createJsonCodec({ contentType: 'application/vnd.relaymesh.test+json;v=1', parse: () => ({}) }),
      handler: async () => {},
      deadLetterSubject: 'relaymesh.dead.verifier',
      fetchRetry: { backoff: { initialMs: 1, factor: 1, maxMs: 1 }, maxFailures: 3 },
      logger,
    }).then(
      () => assert.fail('consume returned although every pull failed'),
      (e: unknown) => e,
    )

    assert.ok(error instanceof BusError)
    assert.equal(error.code, 'BUS_FETCH_FAILED')
    assert.equal(error.action, 'fatal')
    assert.deepEqual(error.meta, { stream: 'BUNDLES', consumer: 'verifier', failures: 3 })
    assert.ok(error.cause instanceof Error)
    assert.equal(error.cause.message, 'connection closed')
    assert.equal(pulls(), 3)
    // The two failures before the last were retried, each logged with its retryable BUS_FETCH_FAILED.
    assert.deepEqual(
      warnings.map((w) => [w.msg, w.obj.failures]),
      [
        ['pull failed; retrying', 1],
        ['pull failed; retrying', 2],
      ],
    )
    for (const { obj } of warnings) {
      assert.ok(obj.err instanceof BusError)
      assert.equal(obj.err.code, 'BUS_FETCH_FAILED')
      assert.equal(obj.err.action, 'retry')
    }
  })

  it('defaults to 200 ms doubling to 5 s and gives up at the 10th failure in a row', () => {
    assert.deepEqual(defaultFetchRetry, { backoff: { initialMs: 200, factor: 2, maxMs: 5_000 }, maxFailures: 10 })
  })
})
