import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex } from '@relaymesh/protocol'
import { listBatches, listMessages, type MessageSummary } from '@relaymesh/sdk'
import { apiClient, DESTINATION, getJsonAt, ORIGIN } from './apiTestSeed.js'
import { evmSender, OTHER_ORIGIN, openListingsApi, type ListingsApi } from './apiListingsTestSeed.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)

describe('relayer API: listings of messages and batches, and stats', () => {
  let listings: ListingsApi
  before(async () => {
    listings = await openListingsApi()
  })
  after(() => listings?.close())

  it('pages through messages newest first with a cursor, each exactly once', async () => {
    const everything = await listMessages(apiClient(listings.api.url), { limit: 500 })
    assert.equal(everything.messages.length, 10)
    assert.equal(everything.nextCursor, null)
    assert.deepEqual(
      everything.messages.slice(0, 3).map((m) => m.origin),
      [OTHER_ORIGIN, OTHER_ORIGIN, OTHER_ORIGIN],
      'the newest bundle first',
    )
    const seen: string[] = []
    let page = await listMessages(apiClient(listings.api.url), { limit: 2 })
    for (;;) {
      assert.ok(page.messages.length <= 2)
      seen.push(...page.messages.map((m) => m.id))
      if (!page.nextCursor) break
      page = await listMessages(apiClient(listings.api.url), { limit: 2, cursor: page.nextCursor })
    }
    assert.deepEqual(
      seen,
      everything.messages.map((m) => m.id),
    )
  })

  it('filters by sender (an EVM address or 32 bytes), route, state and time', async () => {
    const ids = (messages: MessageSummary[]) => new Set(messages.map((m) => m.id))
    const address = `0x${'ab'.repeat(20)}` as const
    assert.deepEqual(
      ids((await listMessages(apiClient(listings.api.url), { sender: address })).messages),
      new Set(listings.seeded.fromAlice.map((m) => hex(m.id))),
    )
    assert.deepEqual(
      ids((await listMessages(apiClient(listings.api.url), { sender: hex(evmSender) })).messages),
      new Set(listings.seeded.fromAlice.map((m) => hex(m.id))),
    )
    const alicePages = await listMessages(apiClient(listings.api.url), { sender: address, limit: 3 })
    assert.equal(alicePages.messages.length, 3)
    assert.equal(
      (await listMessages(apiClient(listings.api.url), { sender: address, limit: 3, cursor: alicePages.nextCursor! }))
        .messages.length,
      1,
    )
    assert.deepEqual(
      ids(
        (await listMessages(apiClient(listings.api.url), { route: { origin: OTHER_ORIGIN, destination: DESTINATION } }))
          .messages,
      ),
      new Set(listings.seeded.otherOrigin.map((m) => hex(m.id))),
    )
    assert.deepEqual(
      (
        await listMessages(apiClient(listings.api.url), { route: `${ORIGIN}-${DESTINATION}`, state: 'failed' })
      ).messages.map((m) => [m.id, m.reasonCode]),
      [[hex(listings.seeded.others[0]!.id), 'RECIPIENT_REVERTED']],
    )
    assert.equal((await listMessages(apiClient(listings.api.url), { state: 'settled' })).messages.length, 2)
    assert.equal(
      (await listMessages(apiClient(listings.api.url), { from: new Date(Date.now() + 60_000) })).messages.length,
      0,
    )
    assert.equal((await listMessages(apiClient(listings.api.url), { to: '2000-01-01' })).messages.length, 0)
    assert.equal(
      (
        await listMessages(apiClient(listings.api.url), {
          from: '2000-01-01T00:00:00Z',
          to: new Date(Date.now() + 60_000),
        })
      ).messages.length,
      10,
    )
  })

  it('rejects malformed filters and cursors with their codes', async () => {
    const cases: [string, string][] = [
      ['/v1/messages?limit=0', 'INVALID_QUERY'],
      ['/v1/messages?limit=501', 'INVALID_QUERY'],
      ['/v1/messages?limit=1.5', 'INVALID_QUERY'],
      ['/v1/messages?state=lost', 'INVALID_QUERY'],
      ['/v1/messages?sender=0x1234', 'INVALID_QUERY'],
      ['/v1/messages?from=yesterday', 'INVALID_QUERY'],
      ['/v1/messages?route=1-x', 'INVALID_ROUTE'],
      ['/v1/messages?route=1-2-3', 'INVALID_ROUTE'],
      ['/v1/messages?route=4294967296-1', 'INVALID_ROUTE'],
      ['/v1/messages?cursor=nope', 'INVALID_CURSOR'],
      [`/v1/messages?cursor=${Buffer.from('b1:1:1').toString('base64url')}`, 'INVALID_CURSOR'],
      ['/v1/messages?limit=1&limit=2', 'INVALID_QUERY'],
      ['/v1/batches?destination=x', 'INVALID_QUERY'],
      ['/v1/batches?state=done', 'INVALID_QUERY'],
      [`/v1/batches?cursor=${Buffer.from('m1:1:00').toString('base64url')}`, 'INVALID_CURSOR'],
    ]
    for (const [path, code] of cases) {
      const { status, body } = await getJsonAt(listings.api.url, path)
      assert.deepEqual([status, body.error.code], [400, code], path)
    }
  })

  it('pages through batches and filters them', async () => {
    const first = await listBatches(apiClient(listings.api.url), { limit: 1 })
    assert.deepEqual(
      first.batches.map((b) => [b.destination, b.batchIndex]),
      [[DESTINATION, '0']],
    )
    const second = await listBatches(apiClient(listings.api.url), { limit: 1, cursor: first.nextCursor! })
    assert.deepEqual(
      [second.batches.map((b) => [b.destination, b.batchIndex, b.state]), second.nextCursor],
      [[[97, '0', 'proposed']], null],
    )
    assert.deepEqual((await listBatches(apiClient(listings.api.url), { destination: 97 })).batches.length, 1)
    assert.equal((await listBatches(apiClient(listings.api.url), { state: 'settled' })).batches[0]?.state, 'settled')
    assert.equal((await listBatches(apiClient(listings.api.url), { destination: 56 })).batches.length, 0)
    assert.ok(!('signatures' in first.batches[0]!) && !('messageIds' in first.batches[0]!))
  })

  it('counts per route in /v1/stats', async () => {
    const { body } = await getJsonAt(listings.api.url, '/v1/stats')
    assert.deepEqual(
      Object.keys(body.byRoute).sort(),
      [`${OTHER_ORIGIN}-97`, `${OTHER_ORIGIN}-${DESTINATION}`, `${ORIGIN}-${DESTINATION}`].sort(),
    )
    assert.equal(body.byRoute[`${ORIGIN}-${DESTINATION}`].failed, 1)
    assert.equal(body.byRoute[`${ORIGIN}-${DESTINATION}`].verified, 4)
  })
})
