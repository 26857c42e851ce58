import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bytesToHex } from '@relaymesh/protocol'
import {
  getOldestUnbatchedAt,
  insertBundle,
  listUnbatchedMessages,
  markMessagesFailed,
  recordObservedCommitment,
  settleBatch,
  transitionBatch,
  type CreateDbReturnType,
} from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import {
  getMetricsText,
  getRelayers,
  getRouteStates,
  listBatches,
  listMessages,
  retryMessage,
  setRoutePaused,
  type BridgeSdkError,
  type MessageSummary,
} from '@relaymesh/sdk'
import {
  apiClient,
  bytes32,
  DESTINATION,
  fakeApiChains,
  getJsonAt,
  openTestStore,
  ORIGIN,
  protocolMessage,
  refusedWith,
  sealTestBatch,
  startTestApi,
  TEST_ADMIN_TOKEN,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'
import { parsePrometheusText } from './prometheusText.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)
const OTHER_ORIGIN = 10
const silent = createLogger({ name: 'api-test', level: 'silent' })
const evmSender = Buffer.concat([Buffer.alloc(12), Buffer.alloc(20, 0xab)])

describe('relayer API: listings, admin, rate limits, relayers', () => {
  let store: CreateDbReturnType
  let api: TestApi
  const fromAlice = Array.from({ length: 4 }, (_, i) => protocolMessage(`alice:${i}`, BigInt(i), { sender: evmSender }))
  const others = Array.from({ length: 3 }, (_, i) => protocolMessage(`other:${i}`, BigInt(10 + i)))
  const otherOrigin = Array.from({ length: 2 }, (_, i) => protocolMessage(`origin10:${i}`, BigInt(20 + i)))
  const toChapel = protocolMessage('chapel', 30n, { destination: 97 })
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
  before(async () => {
    store = await openTestStore()
    await insertBundle(store.db, {
      block: testBlock('first'),
      verification: 'light-client',
      messages: [...fromAlice.slice(0, 2), ...others],
    })
    await insertBundle(store.db, {
      block: testBlock('second', 8n),
      verification: 'light-client',
      messages: fromAlice.slice(2),
    })
    await insertBundle(store.db, {
      block: { ...testBlock('third', 9n), origin: OTHER_ORIGIN },
      verification: 'light-client',
      messages: [...otherOrigin, toChapel],
    })
    const ids = others.map((m) => m.id)
    await sealTestBatch(store.db, { batchIndex: 0n, ids, previousBatchHash: Buffer.alloc(32) })
    await transitionBatch(store.db, { destination: DESTINATION, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      to: 'submitted',
      submitTxHash: bytes32('submit'),
    })
    await settleBatch(store.db, { destination: DESTINATION, batchIndex: 0n })
    await markMessagesFailed(store.db, { ids: [others[0]!.id], reasonCode: 'RECIPIENT_REVERTED' })
    await sealTestBatch(store.db, {
      batchIndex: 0n,
      ids: [toChapel.id],
      previousBatchHash: Buffer.alloc(32),
      destination: 97,
    })
    api = await startTestApi(store.db, silent, { deps: { adminToken: TEST_ADMIN_TOKEN, chains: fakeApiChains() } })
  })
  after(async () => {
    await api?.stop()
    await store?.close()
  })

  it('pages through messages newest first with a cursor, each exactly once', async () => {
    const everything = await listMessages(apiClient(api.url), { limit: 500 })
    assert.equal(everything.messages.length, 10)
    assert.equal(everything.nextCursor, null)
    assert.deepEqual(
      everything.messages.slice(0, 3).map((m) => m.origin),
      [OTHER_ORIGIN, OTHER_ORIGIN, OTHER_ORIGIN],
      'the newest bundle first',
    )
    const seen: string[] = []
    let page = await listMessages(apiClient(api.url), { limit: 2 })
    for (;;) {
      assert.ok(page.messages.length <= 2)
      seen.push(...page.messages.map((m) => m.id))
      if (!page.nextCursor) break
      page = await listMessages(apiClient(api.url), { limit: 2, cursor: page.nextCursor })
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
      ids((await listMessages(apiClient(api.url), { sender: address })).messages),
      new Set(fromAlice.map((m) => hex(m.id))),
    )
    assert.deepEqual(
      ids((await listMessages(apiClient(api.url), { sender: hex(evmSender) })).messages),
      new Set(fromAlice.map((m) => hex(m.id))),
    )
    const alicePages = await listMessages(apiClient(api.url), { sender: address, limit: 3 })
    assert.equal(alicePages.messages.length, 3)
    assert.equal(
      (await listMessages(apiClient(api.url), { sender: address, limit: 3, cursor: alicePages.nextCursor! })).messages
        .length,
      1,
    )
    assert.deepEqual(
      ids(
        (await listMessages(apiClient(api.url), { route: { origin: OTHER_ORIGIN, destination: DESTINATION } }))
          .messages,
      ),
      new Set(otherOrigin.map((m) => hex(m.id))),
    )
    assert.deepEqual(
      (await listMessages(apiClient(api.url), { route: `${ORIGIN}-${DESTINATION}`, state: 'failed' })).messages.map(
        (m) => [m.id, m.reasonCode],
      ),
      [[hex(others[0]!.id), 'RECIPIENT_REVERTED']],
    )
    assert.equal((await listMessages(apiClient(api.url), { state: 'settled' })).messages.length, 2)
    assert.equal((await listMessages(apiClient(api.url), { from: new Date(Date.now() + 60_000) })).messages.length, 0)
    assert.equal((await listMessages(apiClient(api.url), { to: '2000-01-01' })).messages.length, 0)
    assert.equal(
      (await listMessages(apiClient(api.url), { from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 60_000) }))
        .messages.length,
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
      const { status, body } = await getJsonAt(api.url, path)
      assert.deepEqual([status, body.error.code], [400, code], path)
    }
  })

  it('pages through batches and filters them', async () => {
    const first = await listBatches(apiClient(api.url), { limit: 1 })
    assert.deepEqual(
      first.batches.map((b) => [b.destination, b.batchIndex]),
      [[DESTINATION, '0']],
    )
    const second = await listBatches(apiClient(api.url), { limit: 1, cursor: first.nextCursor! })
    assert.deepEqual(
      [second.batches.map((b) => [b.destination, b.batchIndex, b.state]), second.nextCursor],
      [[[97, '0', 'proposed']], null],
    )
    assert.deepEqual((await listBatches(apiClient(api.url), { destination: 97 })).batches.length, 1)
    assert.equal((await listBatches(apiClient(api.url), { state: 'settled' })).batches[0]?.state, 'settled')
    assert.equal((await listBatches(apiClient(api.url), { destination: 56 })).batches.length, 0)
    assert.ok(!('signatures' in first.batches[0]!) && !('messageIds' in first.batches[0]!))
  })

  it('guards admin routes: 401 without a token, 403 with a wrong one or when admin is off', async () => {
    const path = `/v1/admin/messages/${hex(others[0]!.id)}/retry`
    const none = await fetch(`${api.url}${path}`, { method: 'POST' })
    assert.equal(none.status, 401)
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/)
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED') // reason: an API error body
    const wrong = await getJsonAt(api.url, path, { method: 'POST', headers: { authorization: 'Bearer not-the-token' } })
    assert.deepEqual([wrong.status, wrong.body.error.code], [403, 'FORBIDDEN'])
    assert.deepEqual(
      (await getJsonAt(api.url, '/v1/admin/nothing')).body.error.code,
      'UNAUTHORIZED',
      'admin paths are not revealed without a token',
    )
    const off = await startTestApi(store.db, silent)
    try {
      const answer = await getJsonAt(off.url, '/v1/admin/routes', { headers: auth })
      assert.deepEqual([answer.status, answer.body.error.code], [403, 'ADMIN_DISABLED'])
    } finally {
      await off.stop()
    }
    assert.equal((await getJsonAt(api.url, '/v1/admin/routes', { method: 'POST', headers: auth })).status, 405)
  })

  it('retries a failed message (attempts reset) and refuses anything else', async () => {
    const retried = await retryMessage(apiClient(api.url), { id: hex(others[0]!.id), token: TEST_ADMIN_TOKEN })
    assert.deepEqual(retried, { id: hex(others[0]!.id), state: 'failed', attempts: 0 })
    await assert.rejects(
      retryMessage(apiClient(api.url), { id: hex(others[1]!.id), token: TEST_ADMIN_TOKEN }),
      refusedWith('NOT_RETRYABLE', 409),
    )
    await assert.rejects(
      retryMessage(apiClient(api.url), { id: hex(bytes32('unknown')), token: TEST_ADMIN_TOKEN }),
      refusedWith('NOT_FOUND'),
    )
    await assert.rejects(
      retryMessage(apiClient(api.url), { id: '0x12', token: TEST_ADMIN_TOKEN }),
      refusedWith('INVALID_ID'),
    )
  })

  it("pauses and resumes a route: the batcher's queue query leaves it out meanwhile", async () => {
    const queue = async () =>
      (await listUnbatchedMessages(store.db, { destination: DESTINATION, limit: 100 })).map(hex).sort()
    const before = await queue()
    assert.equal(before.length, 6)
    const paused = await setRoutePaused(apiClient(api.url), {
      route: `${ORIGIN}-${DESTINATION}`,
      paused: true,
      token: TEST_ADMIN_TOKEN,
    })
    assert.deepEqual(
      [paused.route, paused.paused, typeof paused.pausedAt],
      [`${ORIGIN}-${DESTINATION}`, true, 'string'],
    )
    assert.deepEqual(await queue(), otherOrigin.map((m) => hex(m.id)).sort(), 'only the other origin is batchable')
    const oldestWhilePaused = await getOldestUnbatchedAt(store.db, { destination: DESTINATION })
    const [otherVerifiedAt] = (
      await store.pool.query(
        `SELECT min(verified_at) AS at FROM messages WHERE origin = $1 AND destination = $2 AND state = 'verified'`,
        [OTHER_ORIGIN, DESTINATION],
      )
    ).rows
    assert.deepEqual(oldestWhilePaused, otherVerifiedAt.at, "a paused route's older messages do not make a batch due")
    const states = await getRouteStates(apiClient(api.url), { token: TEST_ADMIN_TOKEN })
    assert.deepEqual(
      states.routes.map((r) => [r.route, r.paused]),
      [
        [`${OTHER_ORIGIN}-97`, false],
        [`${OTHER_ORIGIN}-${DESTINATION}`, false],
        [`${ORIGIN}-${DESTINATION}`, true],
      ],
    )
    await setRoutePaused(apiClient(api.url), {
      route: `${ORIGIN}-${DESTINATION}`,
      paused: false,
      token: TEST_ADMIN_TOKEN,
    })
    assert.deepEqual(await queue(), before)
    await assert.rejects(
      setRoutePaused(apiClient(api.url), { route: 'a-b', paused: true, token: TEST_ADMIN_TOKEN }),
      refusedWith('INVALID_ROUTE'),
    )
  })

  it('counts the equivocations it can prove in relaymesh_attester_equivocations_proven and serves them at /v1/equivocations', async () => {
    const proven = async () =>
      parsePrometheusText(await getMetricsText(apiClient(api.url))).find(
        (s) => s.name === 'relaymesh_attester_equivocations_proven',
      )?.value
    assert.equal(await proven(), 0)
    // Two different byte strings kept for one member and slot (the caller verified them; the count is the store's).
    const kept = {
      domain: 900,
      slot: 42,
      signer: '11111111111111111111111111111111',
      signature: new Uint8Array(64),
      observedBy: 'r1',
    }
    await recordObservedCommitment(store.db, { ...kept, commitment: new Uint8Array([1]) })
    assert.equal(await proven(), 0, 'one signed commitment proves nothing')
    await recordObservedCommitment(store.db, { ...kept, commitment: new Uint8Array([2]), observedBy: 'r2' })
    assert.equal(await proven(), 1)
    const { body } = await getJsonAt(api.url, '/v1/equivocations')
    assert.deepEqual(
      body.proofs.map((p: { slot: number; first: { commitment: string }; second: { commitment: string } }) => [
        p.slot,
        p.first.commitment,
        p.second.commitment,
      ]),
      [[42, '0x01', '0x02']],
    )
    await store.db.$client.query('DELETE FROM observed_commitments')
  })

  it('reads relayer sets and settler balances through the chains interface; a down chain is reported, not fatal', async () => {
    const { chains } = await getRelayers(apiClient(api.url))
    assert.deepEqual(chains[0], {
      domain: DESTINATION,
      name: 'bsc-local',
      inbox: '0x00000000000000000000000000000000000000Bb',
      relayers: [
        '0x1111111111111111111111111111111111111111',
        '0x2222222222222222222222222222222222222222',
        '0x3333333333333333333333333333333333333333',
      ],
      threshold: 2,
      settler: { address: `0x${'aa'.repeat(20)}`, balanceWei: '1500000000000000000' },
      error: null,
      paused: false,
      pauser: '0x4444444444444444444444444444444444444444',
      pendingRotation: {
        relayers: ['0x1111111111111111111111111111111111111111'],
        threshold: 1,
        pauser: '0x3333333333333333333333333333333333333333',
        eta: '2027-01-15T08:00:00.000Z',
      },
    })
    assert.deepEqual(
      [chains[1]?.relayers, chains[1]?.threshold, chains[1]?.settler.balanceWei, chains[1]?.error?.code],
      [null, null, null, 'CHAIN_UNREADABLE'],
    )
    const samples = parsePrometheusText(await getMetricsText(apiClient(api.url))).filter(
      (s) => s.name === 'relaymesh_settler_balance_wei',
    )
    assert.deepEqual(samples, [
      { name: 'relaymesh_settler_balance_wei', labels: { chain: String(DESTINATION) }, value: 1.5e18 },
    ])
    const { status, body } = await getJsonAt((await startNoChains()).url, '/v1/relayers')
    assert.deepEqual([status, body.error.code], [503, 'CHAINS_NOT_CONFIGURED'])
  })

  let noChains: TestApi | undefined
  const startNoChains = async () => (noChains ??= await startTestApi(store.db, silent))
  after(async () => noChains?.stop())

  it('counts per route in /v1/stats', async () => {
    const { body } = await getJsonAt(api.url, '/v1/stats')
    assert.deepEqual(
      Object.keys(body.byRoute).sort(),
      [`${OTHER_ORIGIN}-97`, `${OTHER_ORIGIN}-${DESTINATION}`, `${ORIGIN}-${DESTINATION}`].sort(),
    )
    assert.equal(body.byRoute[`${ORIGIN}-${DESTINATION}`].failed, 1)
    assert.equal(body.byRoute[`${ORIGIN}-${DESTINATION}`].verified, 4)
  })

  it('rate limits public routes per client (429 with Retry-After), never health probes or an authenticated admin', async () => {
    const limited = await startTestApi(store.db, silent, {
      deps: { adminToken: TEST_ADMIN_TOKEN },
      parameters: { rateLimit: { ratePerSecond: 0.5, burst: 3 } },
    })
    try {
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/v1/stats`)).status)
      assert.deepEqual(statuses, [200, 200, 200, 429])
      const answer = await fetch(`${limited.url}/v1/messages?limit=1`)
      assert.equal(answer.status, 429)
      assert.equal(answer.headers.get('retry-after'), '2')
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED') // reason: an API error body
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
          // reason: checked by refusedWith
          (e as BridgeSdkError).action === 'retry' &&
          (e as BridgeSdkError).meta['retryAfterSeconds'] === 2,
      )
    } finally {
      await limited.stop()
    }
  })

  it("rate limits the explorer's static files with the same bucket per client (429 with Retry-After)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relaymesh-explorer-limit-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><!--relaymesh-explorer-config-->')
    const limited = await startTestApi(store.db, silent, {
      parameters: { rateLimit: { ratePerSecond: 0.5, burst: 3 }, explorer: { dir } },
    })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/explorer/`)).status)
      assert.deepEqual(statuses, [200, 200, 200])
      const answer = await fetch(`${limited.url}/explorer/`)
      assert.equal(answer.status, 429)
      assert.equal(answer.headers.get('retry-after'), '2')
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED') // reason: an API error body
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
