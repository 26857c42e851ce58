import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex } from '@relaymesh/protocol'
import {
  insertBundle,
  listUnbatchedMessages,
  markMessagesFailed,
  settleBatch,
  transitionBatch,
  type CreateDbReturnType,
} from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
// Test-only seeding shared with the API's own tests (not part of @relaymesh/relayer's public entry).
import {
  bytes32,
  DESTINATION,
  fakeApiChains,
  openTestStore,
  ORIGIN,
  protocolMessage,
  sealTestBatch,
  startTestApi,
  TEST_ADMIN_TOKEN,
  testBlock,
  type TestApi,
} from '../../../libs/relayer/src/api/apiTestSeed.js'
// The real CLI as a child process, with a budget that holds on two busy cores (each spawn compiles TypeScript).
import { messageTraceId } from '@relaymesh/relayer/trace-id'
import { runRelaymesh as relaymesh } from './testing/runRelaymesh.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)

describe('relaymesh operator commands against a running API', () => {
  let store: CreateDbReturnType
  let api: TestApi
  const batched = Array.from({ length: 3 }, (_, i) => protocolMessage(`cli:${i}`, BigInt(i)))
  const waiting = Array.from({ length: 2 }, (_, i) => protocolMessage(`cli:waiting:${i}`, BigInt(10 + i)))
  before(async () => {
    store = await openTestStore()
    await insertBundle(store.db, {
      block: testBlock('cli'),
      verification: 'light-client',
      messages: [...batched, ...waiting],
    })
    await sealTestBatch(store.db, {
      batchIndex: 0n,
      ids: batched.map((m) => m.id),
      previousBatchHash: Buffer.alloc(32),
    })
    await transitionBatch(store.db, { destination: DESTINATION, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      to: 'submitted',
      submitTxHash: bytes32('submit'),
    })
    await settleBatch(store.db, { destination: DESTINATION, batchIndex: 0n })
    await markMessagesFailed(store.db, { ids: [batched[0]!.id], reasonCode: 'RECIPIENT_REVERTED' })
    api = await startTestApi(store.db, createLogger({ name: 'cli-test', level: 'silent' }), {
      deps: { adminToken: TEST_ADMIN_TOKEN, chains: fakeApiChains() },
    })
  })
  after(async () => {
    await api?.stop()
    await store?.close()
  })

  it('status --json: backlog per stage and route, throughput, recent failures', async () => {
    const run = await relaymesh(['status', '--api', api.url, '--json', '--interval', '100'])
    assert.equal(run.code, 0, run.stderr)
    const status = JSON.parse(run.stdout)
    const route = `${ORIGIN}-${DESTINATION}`
    assert.deepEqual(
      status.routes.map((r: { route: string }) => r.route),
      [route],
    )
    assert.deepEqual(status.routes[0].backlog, {
      verifiedUnbatched: 2,
      batchedUnsettled: 0,
      settledUnexecuted: 2,
      failed: 1,
    })
    assert.deepEqual(status.total.throughput, { settledPerSecond: 0, executedPerSecond: 0 })
    assert.ok(status.sampledOverSeconds >= 0.1)
    assert.deepEqual(
      status.recentFailures.map((f: { id: string; reasonCode: string; route: string }) => [
        f.id,
        f.reasonCode,
        f.route,
      ]),
      [[hex(batched[0]!.id), 'RECIPIENT_REVERTED', route]],
    )
  })

  it('status prints a table by default, reading the API from RELAYMESH_API_URL', async () => {
    const run = await relaymesh(['status', '--interval', '50'], { RELAYMESH_API_URL: api.url })
    assert.equal(run.code, 0, run.stderr)
    const [header, rule, row] = run.stdout.split('\n')
    assert.match(header ?? '', /^route\s+verified-unbatched\s+batched-unsettled\s+settled-unexecuted\s+failed/)
    assert.match(rule ?? '', /^-+\s+-+/)
    assert.match(row ?? '', new RegExp(`^${ORIGIN}-${DESTINATION}\\s+2\\s+0\\s+2\\s+1\\s`))
    assert.match(run.stdout, /RECIPIENT_REVERTED/)
  })

  it('message and batch, as JSON and as fields; unknown ones exit 1 with NOT_FOUND', async () => {
    const json = await relaymesh(['message', hex(batched[1]!.id), '--api', api.url, '--json'])
    assert.equal(json.code, 0, json.stderr)
    assert.deepEqual([JSON.parse(json.stdout).state, JSON.parse(json.stdout).proof.batchState], ['settled', 'settled'])
    assert.equal(JSON.parse(json.stdout).traceId, messageTraceId(hex(batched[1]!.id)))
    const text = await relaymesh(['message', hex(batched[0]!.id), '--api', api.url], {
      RELAYMESH_JAEGER_URL: 'http://jaeger.example:16686/',
    })
    assert.match(text.stdout, /^state\s+failed$/m)
    assert.match(text.stdout, /execute\s+RECIPIENT_REVERTED/)
    const traceId = messageTraceId(hex(batched[0]!.id))
    assert.match(text.stdout, new RegExp(`^trace\\s+${traceId}$`, 'm'))
    assert.match(text.stdout, new RegExp(`^jaeger\\s+http://jaeger\\.example:16686/trace/${traceId}$`, 'm'))
    assert.doesNotMatch(json.stdout, /jaegerUrl/, 'no Jaeger link unless a Jaeger URL is configured')
    const batch = await relaymesh(['batch', String(DESTINATION), '0', '--api', api.url, '--json'])
    assert.deepEqual([JSON.parse(batch.stdout).state, JSON.parse(batch.stdout).messageIds.length], ['settled', 3])
    assert.match((await relaymesh(['batch', String(DESTINATION), '0', '--api', api.url])).stdout, /^state\s+settled$/m)
    const missing = await relaymesh(['batch', String(DESTINATION), '9', '--api', api.url])
    assert.deepEqual([missing.code, /NOT_FOUND/.test(missing.stderr)], [1, true])
    const malformed = await relaymesh(['message', '0x12', '--api', api.url])
    assert.deepEqual([malformed.code, /INVALID_ID/.test(malformed.stderr)], [1, true])
  })

  it('retry, pause and resume need the token; with it they act on the database', async () => {
    const noToken = await relaymesh(['retry', hex(batched[0]!.id), '--api', api.url])
    assert.deepEqual([noToken.code, /RELAYMESH_ADMIN_TOKEN/.test(noToken.stderr)], [2, true])
    const wrong = await relaymesh(['retry', hex(batched[0]!.id), '--api', api.url, '--token', 'wrong-token'])
    assert.deepEqual([wrong.code, /FORBIDDEN/.test(wrong.stderr)], [1, true])
    const retried = await relaymesh(['retry', hex(batched[0]!.id), '--api', api.url, '--json'], {
      RELAYMESH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    })
    assert.equal(retried.code, 0, retried.stderr)
    assert.deepEqual(JSON.parse(retried.stdout), { id: hex(batched[0]!.id), state: 'failed', attempts: 0 })
    const notFailed = await relaymesh(['retry', hex(batched[1]!.id), '--api', api.url, '--token', TEST_ADMIN_TOKEN])
    assert.deepEqual([notFailed.code, /NOT_RETRYABLE/.test(notFailed.stderr)], [1, true])

    const route = `${ORIGIN}-${DESTINATION}`
    const paused = await relaymesh(['pause', route, '--api', api.url, '--token', TEST_ADMIN_TOKEN])
    assert.equal(paused.code, 0, paused.stderr)
    assert.match(paused.stdout, new RegExp(`route ${route} paused`))
    assert.equal(
      (await listUnbatchedMessages(store.db, { destination: DESTINATION, limit: 10 })).length,
      0,
      'the batcher queue skips the paused route',
    )
    const resumed = await relaymesh(['resume', route, '--api', api.url, '--token', TEST_ADMIN_TOKEN, '--json'])
    assert.deepEqual(JSON.parse(resumed.stdout).paused, false)
    assert.equal((await listUnbatchedMessages(store.db, { destination: DESTINATION, limit: 10 })).length, 2)
    assert.equal((await relaymesh(['pause', 'nowhere', '--api', api.url, '--token', TEST_ADMIN_TOKEN])).code, 1)
  })

  it('relayers: set, threshold, balance, pause and pending rotation per chain; an unreadable chain shows its error', async () => {
    const json = await relaymesh(['relayers', '--api', api.url, '--json'])
    const { chains } = JSON.parse(json.stdout)
    assert.deepEqual(
      chains.map((c: { domain: number; threshold: number | null }) => [c.domain, c.threshold]),
      [
        [DESTINATION, 2],
        [97, null],
      ],
    )
    const text = await relaymesh(['relayers', '--api', api.url])
    assert.match(
      text.stdout,
      /^bsc-local\s+31356\s+2 of 3\s+0x1111.*\sno\s+1 of 0x1111\S+ from 2027-01-15T08:00:00\.000Z/m,
    )
    assert.match(text.stdout, /\s1\.5\s/)
    assert.match(text.stdout, /^chapel\s+97\s+-\s+-\s+0xaaaa\S+\s+-\s+.*ECONNREFUSED/m)
  })

  it('usage errors exit 2; an unreachable API exits 1 with API_UNREACHABLE', async () => {
    assert.equal((await relaymesh(['status', '--api', api.url, '--nope'])).code, 2)
    assert.equal((await relaymesh(['batch', 'x', '0', '--api', api.url])).code, 2)
    assert.equal((await relaymesh(['message', '--api', api.url])).code, 2)
    const down = await relaymesh(['status', '--api', 'http://127.0.0.1:1', '--interval', '1'])
    assert.deepEqual([down.code, /API_UNREACHABLE/.test(down.stderr)], [1, true])
  })

  it('with --json, errors are one JSON document on stdout too: {"error":{"code","message"}}', async () => {
    const down = await relaymesh(['status', '--api', 'http://127.0.0.1:1', '--interval', '1', '--json'])
    assert.equal(down.code, 1)
    const downError = (JSON.parse(down.stdout) as { error: { code: string; message: string } }).error
    assert.equal(downError.code, 'API_UNREACHABLE')
    assert.ok(downError.message.length > 0)
    const missing = await relaymesh(['message', `0x${'00'.repeat(32)}`, '--api', api.url, '--json'])
    assert.deepEqual(
      [missing.code, (JSON.parse(missing.stdout) as { error: { code: string } }).error.code],
      [1, 'MESSAGE_NOT_FOUND'],
    )
    const usage = await relaymesh(['batch', 'x', '0', '--api', api.url, '--json'])
    assert.deepEqual(
      [usage.code, JSON.parse(usage.stdout)],
      [2, { error: { code: 'USAGE', message: 'destination and index are decimal integers' } }],
    )
  })
})
