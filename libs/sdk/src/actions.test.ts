// Actions against a fake relayer API (a `fetch` passed through the client's config, no network).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Hex } from 'viem'
import type { MessageState } from './ApiTypes.js'
import {
  BridgeSdkError,
  createBridgeClient,
  getBatch,
  getMessage,
  getMessagesBySender,
  waitForMessage,
} from './index.js'

const id = `0x${'11'.repeat(32)}` as Hex

/** A fake API answering each request with the next of `answers` (the last one repeats), recording URLs. */
function fakeApi(answers: { status: number; body: unknown }[]) {
  const urls: string[] = []
  const fetch: typeof globalThis.fetch = async (input) => {
    urls.push(String(input))
    // reason: answers is non-empty
    const answer = answers[Math.min(urls.length - 1, answers.length - 1)] as { status: number; body: unknown }
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), {
      status: answer.status,
    })
  }
  return { client: createBridgeClient({ chains: {}, api: { baseUrl: 'http://relayer.test/', fetch } }), urls }
}

const status = (state: MessageState, extra: Record<string, unknown> = {}) => ({
  status: 200,
  body: { id, state, reasonCode: null, rejections: [], ...extra },
})
const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no message with this id' } } }

describe('waitForMessage', () => {
  test('polls through not-found and earlier states until executed', async () => {
    const { client, urls } = fakeApi([
      notFound,
      status('verified'),
      status('batched'),
      status('settled'),
      status('executed'),
    ])
    const result = await waitForMessage(client, { id, pollIntervalMs: 1 })
    assert.equal(result.state, 'executed')
    assert.equal(urls.length, 5)
    assert.equal(urls[0], `http://relayer.test/v1/messages/${id}`)
  })

  test('a later state reaches an earlier target; failed reaches settled but not executed', async () => {
    assert.equal(
      (await waitForMessage(fakeApi([status('executed')]).client, { id, state: 'batched', pollIntervalMs: 1 })).state,
      'executed',
    )
    assert.equal(
      (await waitForMessage(fakeApi([status('failed')]).client, { id, state: 'settled', pollIntervalMs: 1 })).state,
      'failed',
    )
    await assert.rejects(
      waitForMessage(fakeApi([status('failed')]).client, { id, timeoutMs: 50, pollIntervalMs: 5 }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'WAIT_TIMEOUT' && e.meta['lastState'] === 'failed',
    )
  })

  test('rejected (stored or a rejected claim) throws MESSAGE_REJECTED with the reason at once', async () => {
    for (const body of [
      status('rejected', { reasonCode: 'RECEIPT_PROOF_INVALID' }),
      {
        status: 200,
        body: { id, state: 'rejected', stored: false, reasonCode: 'LOG_NOT_FROM_OUTBOX', rejections: [] },
      },
    ]) {
      await assert.rejects(
        waitForMessage(fakeApi([body]).client, { id, pollIntervalMs: 1 }),
        (e: unknown) =>
          e instanceof BridgeSdkError && e.code === 'MESSAGE_REJECTED' && typeof e.meta['reasonCode'] === 'string',
      )
    }
  })

  test('timeout and abort are typed; a retryable API error is polled through and becomes the timeout cause', async () => {
    const down = { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'db down' } } }
    await assert.rejects(
      waitForMessage(fakeApi([down]).client, { id, timeoutMs: 40, pollIntervalMs: 5 }),
      (e: unknown) =>
        e instanceof BridgeSdkError &&
        e.code === 'WAIT_TIMEOUT' &&
        e.cause instanceof BridgeSdkError &&
        e.cause.code === 'API_ERROR',
    )
    const abort = new AbortController()
    setTimeout(() => abort.abort(new Error('left the page')), 20)
    await assert.rejects(
      waitForMessage(fakeApi([status('verified')]).client, { id, signal: abort.signal, pollIntervalMs: 5 }),
      (e: unknown) =>
        e instanceof BridgeSdkError && e.code === 'WAIT_ABORTED' && (e.cause as Error).message === 'left the page',
    )
    await assert.rejects(
      waitForMessage(fakeApi([status('verified')]).client, { id, signal: AbortSignal.abort() }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'WAIT_ABORTED',
    )
  })

  test('a non-retryable API error stops the wait', async () => {
    const bad = { status: 400, body: { error: { code: 'INVALID_ID', message: 'a message id is 32 bytes of 0x hex' } } }
    await assert.rejects(
      waitForMessage(fakeApi([bad]).client, { id, pollIntervalMs: 1 }),
      (e: unknown) =>
        e instanceof BridgeSdkError &&
        e.code === 'API_ERROR' &&
        e.meta['apiCode'] === 'INVALID_ID' &&
        e.action === 'reject',
    )
  })
})

describe('reads', () => {
  test('getMessage / getBatch: not found and non-JSON answers are typed', async () => {
    await assert.rejects(
      getMessage(fakeApi([notFound]).client, { id }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'MESSAGE_NOT_FOUND',
    )
    await assert.rejects(
      getBatch(fakeApi([notFound]).client, { destination: 56, batchIndex: 3n }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'BATCH_NOT_FOUND',
    )
    await assert.rejects(
      getMessage(fakeApi([{ status: 502, body: '<html>bad gateway</html>' }]).client, { id }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'API_BAD_RESPONSE' && e.action === 'retry',
    )
    const unreachable = createBridgeClient({
      chains: {},
      api: {
        baseUrl: 'http://relayer.test',
        fetch: async () => {
          throw new TypeError('fetch failed')
        },
      },
    })
    await assert.rejects(
      getMessage(unreachable, { id }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'API_UNREACHABLE',
    )
  })

  test('getMessagesBySender: sender as bytes32, route, state, times and cursor in the query; one page back', async () => {
    const page = { messages: [], nextCursor: 'c2' }
    const { client, urls } = fakeApi([{ status: 200, body: page }])
    const result = await getMessagesBySender(client, {
      sender: '0x00000000000000000000000000000000000A11cE',
      route: { origin: 31337, destination: 31356 },
      state: 'failed',
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-02T00:00:00Z'),
      limit: 100,
      cursor: 'c1',
    })
    assert.deepEqual(result, page)
    const url = new URL(urls[0] as string)
    assert.equal(url.pathname, '/v1/messages')
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      sender: `0x${'0'.repeat(24)}00000000000000000000000000000000000a11ce`,
      route: '31337-31356',
      state: 'failed',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-02T00:00:00.000Z',
      limit: '100',
      cursor: 'c1',
    })
    await assert.rejects(
      getMessagesBySender(client, { sender: '0x1234' }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'INVALID_ADDRESS',
    )
  })
})
