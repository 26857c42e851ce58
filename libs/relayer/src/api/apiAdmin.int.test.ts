import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex } from '@relaymesh/protocol'
import { getOldestUnbatchedAt, listUnbatchedMessages } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { getRouteStates, retryMessage, setRoutePaused } from '@relaymesh/sdk'
import {
  apiClient,
  bytes32,
  DESTINATION,
  getJsonAt,
  ORIGIN,
  refusedWith,
  startTestApi,
  TEST_ADMIN_TOKEN,
} from './apiTestSeed.js'
import { OTHER_ORIGIN, openListingsApi, type ListingsApi } from './apiListingsTestSeed.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)
const silent = createLogger({ name: 'api-test', level: 'silent' })
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

describe('relayer API: admin routes (token guard, retry, pause and resume)', () => {
  let listings: ListingsApi
  before(async () => {
    listings = await openListingsApi()
  })
  after(() => listings?.close())

  it('guards admin routes: 401 without a token, 403 with a wrong one or when admin is off', async () => {
    const path = `/v1/admin/messages/${hex(listings.seeded.others[0]!.id)}/retry`
    const none = await fetch(`${listings.api.url}${path}`, { method: 'POST' })
    assert.equal(none.status, 401)
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/)
    // reason: an API error body
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED')
    const wrong = await getJsonAt(listings.api.url, path, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token' },
    })
    assert.deepEqual([wrong.status, wrong.body.error.code], [403, 'FORBIDDEN'])
    assert.deepEqual(
      (await getJsonAt(listings.api.url, '/v1/admin/nothing')).body.error.code,
      'UNAUTHORIZED',
      'admin paths are not revealed without a token',
    )
    const off = await startTestApi(listings.store.db, silent)
    try {
      const answer = await getJsonAt(off.url, '/v1/admin/routes', { headers: auth })
      assert.deepEqual([answer.status, answer.body.error.code], [403, 'ADMIN_DISABLED'])
    } finally {
      await off.stop()
    }
    assert.equal((await getJsonAt(listings.api.url, '/v1/admin/routes', { method: 'POST', headers: auth })).status, 405)
  })

  it('retries a failed message (attempts reset) and refuses anything else', async () => {
    const retried = await retryMessage(apiClient(listings.api.url), {
      id: hex(listings.seeded.others[0]!.id),
      token: TEST_ADMIN_TOKEN,
    })
    assert.deepEqual(retried, { id: hex(listings.seeded.others[0]!.id), state: 'failed', attempts: 0 })
    await assert.rejects(
      retryMessage(apiClient(listings.api.url), { id: hex(listings.seeded.others[1]!.id), token: TEST_ADMIN_TOKEN }),
      refusedWith('NOT_RETRYABLE', 409),
    )
    await assert.rejects(
      retryMessage(apiClient(listings.api.url), { id: hex(bytes32('unknown')), token: TEST_ADMIN_TOKEN }),
      refusedWith('NOT_FOUND'),
    )
    await assert.rejects(
      retryMessage(apiClient(listings.api.url), { id: '0x12', token: TEST_ADMIN_TOKEN }),
      refusedWith('INVALID_ID'),
    )
  })

  it("pauses and resumes a route: the batcher's queue query leaves it out meanwhile", async () => {
    const queue = async () =>
      (await listUnbatchedMessages(listings.store.db, { destination: DESTINATION, limit: 100 })).map(hex).sort()
    const before = await queue()
    assert.equal(before.length, 6)
    const paused = await setRoutePaused(apiClient(listings.api.url), {
      route: `${ORIGIN}-${DESTINATION}`,
      paused: true,
      token: TEST_ADMIN_TOKEN,
    })
    assert.deepEqual(
      [paused.route, paused.paused, typeof paused.pausedAt],
      [`${ORIGIN}-${DESTINATION}`, true, 'string'],
    )
    assert.deepEqual(
      await queue(),
      listings.seeded.otherOrigin.map((m) => hex(m.id)).sort(),
      'only the other origin is batchable',
    )
    const oldestWhilePaused = await getOldestUnbatchedAt(listings.store.db, { destination: DESTINATION })
    const [otherVerifiedAt] = (
      await listings.store.pool.query(
        `SELECT min(verified_at) AS at FROM messages WHERE origin = $1 AND destination = $2 AND state = 'verified'`,
        [OTHER_ORIGIN, DESTINATION],
      )
    ).rows
    assert.deepEqual(oldestWhilePaused, otherVerifiedAt.at, "a paused route's older messages do not make a batch due")
    const states = await getRouteStates(apiClient(listings.api.url), { token: TEST_ADMIN_TOKEN })
    assert.deepEqual(
      states.routes.map((r) => [r.route, r.paused]),
      [
        [`${OTHER_ORIGIN}-97`, false],
        [`${OTHER_ORIGIN}-${DESTINATION}`, false],
        [`${ORIGIN}-${DESTINATION}`, true],
      ],
    )
    await setRoutePaused(apiClient(listings.api.url), {
      route: `${ORIGIN}-${DESTINATION}`,
      paused: false,
      token: TEST_ADMIN_TOKEN,
    })
    assert.deepEqual(await queue(), before)
    await assert.rejects(
      setRoutePaused(apiClient(listings.api.url), { route: 'a-b', paused: true, token: TEST_ADMIN_TOKEN }),
      refusedWith('INVALID_ROUTE'),
    )
  })
})
