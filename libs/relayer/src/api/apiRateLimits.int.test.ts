import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CreateDbReturnType } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { listMessages, type BridgeSdkError } from '@relaymesh/sdk'
import { apiClient, openTestStore, refusedWith, startTestApi, TEST_ADMIN_TOKEN } from './apiTestSeed.js'

const silent = createLogger({ name: 'api-test', level: 'silent' })
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
/**
 * The API's monotonic clock, stopped: no token comes back while a test runs, so which request is refused and the
 * Retry-After it gets (2 s: one token at 0.5/s) depend on the requests alone. On the real clock every refusal had to
 * come within a second of the first request, which two busy cores do not promise.
 */
const stopped = { now: () => 0 }

describe('relayer API: rate limits', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await openTestStore()
  })
  after(async () => {
    await store?.close()
  })

  it('rate limits public routes per client (429 with Retry-After), never health probes or an authenticated admin', async () => {
    const limited = await startTestApi(store.db, silent, {
      deps: { adminToken: TEST_ADMIN_TOKEN, ...stopped },
      parameters: { rateLimit: { ratePerSecond: 0.5, burst: 3 } },
    })
    try {
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/v1/stats`)).status)
      assert.deepEqual(statuses, [200, 200, 200, 429])
      const answer = await fetch(`${limited.url}/v1/messages?limit=1`)
      assert.equal(answer.status, 429)
      assert.equal(answer.headers.get('retry-after'), '2')
      // reason: an API error body
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED')
      for (const path of ['/healthz', '/readyz', '/metrics'])
        assert.equal((await fetch(`${limited.url}${path}`)).status, 200, path)
      assert.equal(
        (await fetch(`${limited.url}/v1/admin/routes`, { headers: auth })).status,
        200,
        'an authenticated admin is exempt',
      )
      assert.equal((await fetch(`${limited.url}/v1/admin/routes`)).status, 429, 'token guessing is limited')
      // A page of one row costs one token (a default page of 50 would cost two: requestCost).
      await assert.rejects(
        listMessages(apiClient(limited.url), { limit: 1 }),
        (e: unknown) =>
          refusedWith('RATE_LIMITED')(e) &&
          (e as BridgeSdkError).action === 'retry' &&
          (e as BridgeSdkError).meta['retryAfterSeconds'] === 2,
      ) // reason: checked by refusedWith
    } finally {
      await limited.stop()
    }
  })

  it("rate limits the explorer's static files with the same bucket per client (429 with Retry-After)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relaymesh-explorer-limit-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><!--relaymesh-explorer-config-->')
    const limited = await startTestApi(store.db, silent, {
      deps: stopped,
      parameters: { rateLimit: { ratePerSecond: 0.5, burst: 3 }, explorer: { dir } },
    })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/explorer/`)).status)
      assert.deepEqual(statuses, [200, 200, 200])
      const answer = await fetch(`${limited.url}/explorer/`)
      assert.equal(answer.status, 429)
      assert.equal(answer.headers.get('retry-after'), '2')
      // reason: an API error body
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED')
      assert.equal(
        (await fetch(`${limited.url}/explorer/assets/none.js`)).status,
        429,
        'every file takes a token, found or not',
      )
      assert.equal((await fetch(`${limited.url}/v1/stats`)).status, 429, 'the same bucket as the JSON routes')
      assert.equal((await fetch(`${limited.url}/healthz`)).status, 200)
    } finally {
      await limited.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
