import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import type { Bus } from '@relaymesh/bus'
import { createDb, insertBundle, MESSAGE_STATES, type CreateDbReturnType, type StoreDb } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { getLiveness, getMetricsText, getReadiness, getStats } from '@relaymesh/sdk'
import { API_REQUEST_SECONDS_BUCKETS } from './ApiMetrics.js'
import {
  apiClient,
  DESTINATION,
  getJsonAt,
  openTestStore,
  protocolMessage,
  sealTestBatch,
  startTestApi,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'
import { createReadinessCheck } from './createReadinessCheck.js'
import { parsePrometheusText } from './prometheusText.js'
import { startApi } from './startApi.js'

const OTHER = 56

describe('relayer API: stats, health, metrics, failures, shutdown', () => {
  let store: CreateDbReturnType
  let api: TestApi
  before(async () => {
    store = await openTestStore()
    const toMain = Array.from({ length: 4 }, (_, i) => protocolMessage(`main:${i}`, BigInt(i)))
    const toOther = [
      protocolMessage('other:0', 10n, { destination: OTHER }),
      protocolMessage('other:1', 11n, { destination: OTHER, state: 'rejected', reasonCode: 'UNKNOWN_ROUTE' }),
    ]
    await insertBundle(store.db, {
      block: testBlock('ops'),
      verification: 'light-client',
      messages: [...toMain, ...toOther],
    })
    await sealTestBatch(store.db, {
      batchIndex: 0n,
      ids: toMain.slice(0, 2).map((m) => m.id),
      previousBatchHash: Buffer.alloc(32),
    })
    api = await startTestApi(store.db)
  })
  after(async () => {
    await api?.stop()
    await store?.close()
  })

  it('counts messages per state in total and per destination, every state present', async () => {
    const stats = await getStats(apiClient(api.url))
    const zero = Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0]))
    assert.deepEqual(stats.total, { ...zero, verified: 3, batched: 2, rejected: 1 })
    assert.deepEqual(stats.byDestination, {
      [DESTINATION]: { ...zero, verified: 2, batched: 2 },
      [OTHER]: { ...zero, verified: 1, rejected: 1 },
    })
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => getStats(apiClient(api.url))))
    assert.ok(concurrent.every((s) => s.total.verified === 3))
  })

  it('answers /healthz always and /readyz 503 unless both Postgres and NATS are up', async () => {
    assert.deepEqual(await getLiveness(apiClient(api.url)), { status: 'ok' })
    assert.deepEqual(await getReadiness(apiClient(api.url)), { ready: true, checks: { postgres: true, nats: true } })
    api.setHealth({ postgres: true, nats: false })
    const down = await getJsonAt(api.url, '/readyz')
    assert.deepEqual([down.status, down.body], [503, { ready: false, checks: { postgres: true, nats: false } }])
    assert.equal((await getReadiness(apiClient(api.url))).ready, false)
    api.setHealth({ postgres: true, nats: true })
  })

  it('probes Postgres with SELECT 1 and NATS with a flush, a late or failed probe counting as down', async () => {
    const nc = (behaviour: 'ok' | 'hang' | 'closed') =>
      ({
        nc: {
          isClosed: () => behaviour === 'closed',
          flush: () => (behaviour === 'ok' ? Promise.resolve() : new Promise<void>(() => {})),
        },
      }) as unknown as Pick<Bus, 'nc'> // reason: the probe touches only isClosed and flush
    // Probes that answer get a timeout no busy machine reaches. Only the hung flush is late; beside it, Postgres is a
    // fake that answers at once, so the 50 ms timer that marks NATS down cannot also catch a slow real query.
    const timeoutMs = 60_000
    // reason: the probe touches only $client.query
    const answeringDb = { $client: { query: async () => ({ rows: [{ '?column?': 1 }] }) } } as unknown as StoreDb
    assert.deepEqual(await createReadinessCheck({ db: store.db, bus: nc('ok'), timeoutMs })(), {
      postgres: true,
      nats: true,
    })
    assert.deepEqual(await createReadinessCheck({ db: answeringDb, bus: nc('hang'), timeoutMs: 50 })(), {
      postgres: true,
      nats: false,
    })
    assert.deepEqual(await createReadinessCheck({ db: store.db, bus: nc('closed'), timeoutMs })(), {
      postgres: true,
      nats: false,
    })
    const closed = createDb({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 })
    assert.deepEqual(await createReadinessCheck({ db: closed.db, bus: nc('ok'), timeoutMs })(), {
      postgres: false,
      nats: true,
    })
    await closed.close()
  })

  it('exposes Prometheus text: message gauges from the stats, request counters and histograms per route, memory', async () => {
    await getJsonAt(api.url, '/v1/stats')
    await getJsonAt(api.url, '/v1/messages/0x12')
    await getJsonAt(api.url, '/no/such/route')
    // Refused by the HTTP parser, before routing: a 20 KB URL, a 64 KB header, bytes that are not HTTP.
    const huge = await rawRequest(api.url, `GET /v1/messages/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    assert.deepEqual(
      [huge.status, huge.body],
      [431, { error: { code: 'HEADERS_TOO_LARGE', message: 'request line and headers are too large' } }],
    )
    const header = await rawRequest(
      api.url,
      `GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`,
    )
    assert.deepEqual([header.status, header.contentType], [431, 'application/json'])
    const garbage = await rawRequest(api.url, '\u0000\u0001 not http at all\r\n\r\n')
    assert.deepEqual(
      [garbage.status, garbage.body],
      [400, { error: { code: 'BAD_REQUEST', message: 'not an HTTP request' } }],
    )
    const text = await getMetricsText(apiClient(api.url))
    assert.match((await fetch(`${api.url}/metrics`)).headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    assert.match(text, /# TYPE relaymesh_messages gauge/)
    assert.match(text, /# TYPE relaymesh_api_request_seconds histogram/)
    const samples = parsePrometheusText(text)
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    const stats = await getStats(apiClient(api.url))
    for (const [destination, counts] of Object.entries(stats.byDestination))
      for (const state of MESSAGE_STATES)
        assert.equal(value('relaymesh_messages', { destination, state }), counts[state], `${destination} ${state}`)
    assert.ok((value('relaymesh_api_requests_total', { route: '/v1/stats', status: '200' }) ?? 0) >= 1)
    assert.equal(value('relaymesh_api_requests_total', { route: '/v1/messages/:id', status: '400' }), 1)
    assert.equal(value('relaymesh_api_requests_total', { route: 'unmatched', status: '404' }), 1)
    assert.equal(value('relaymesh_api_requests_total', { route: 'unparsed', status: '431' }), 2)
    assert.equal(value('relaymesh_api_requests_total', { route: 'unparsed', status: '400' }), 1)
    assert.ok(!samples.some((s) => s.labels['route']?.includes('0x12')), 'raw paths never become labels')
    const buckets = samples.filter(
      (s) => s.name === 'relaymesh_api_request_seconds_bucket' && s.labels['route'] === '/v1/stats',
    )
    assert.equal(buckets.length, API_REQUEST_SECONDS_BUCKETS.length + 1)
    assert.ok(
      buckets.every((b, i) => i === 0 || b.value >= buckets[i - 1]!.value),
      'buckets are cumulative',
    )
    assert.equal(buckets.at(-1)!.labels['le'], '+Inf')
    assert.equal(buckets.at(-1)!.value, value('relaymesh_api_request_seconds_count', { route: '/v1/stats' }))
    assert.ok((value('relaymesh_api_request_seconds_sum', { route: '/v1/stats' }) ?? -1) >= 0)
    assert.equal(value('relaymesh_api_stats_up', {}), 1)
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_external_memory_bytes',
    ])
      assert.ok((value(name, {}) ?? 0) > 0, name)
  })

  it('answers 500 INTERNAL without the cause when the store fails (metrics still scrape), and logs it without query strings', async () => {
    const lines: string[] = []
    const logger = createLogger({
      name: 'api-test',
      level: 'debug',
      destination: { write: (line: string) => void lines.push(line) },
    })
    const broken = createDb({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 })
    const failing = await startTestApi(broken.db, logger)
    try {
      const { status, body } = await getJsonAt(
        failing.url,
        `/v1/messages?sourceTx=0x${'ab'.repeat(32)}&password=hunter2`,
      )
      assert.equal(status, 500)
      assert.deepEqual(body, { error: { code: 'INTERNAL', message: 'internal error' } })
      const scrape = parsePrometheusText(await getMetricsText(apiClient(failing.url)))
      assert.equal(
        scrape.find((s) => s.name === 'relaymesh_api_stats_up')?.value,
        0,
        'a scrape still answers, saying the counts are missing',
      )
      assert.ok(!scrape.some((s) => s.name === 'relaymesh_messages'))
      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 'error')
      assert.equal(errors.length, 3)
      assert.deepEqual(
        [errors[0].route, errors[0].module, typeof errors[0].err.message],
        ['/v1/messages', 'api', 'string'],
      )
      // The scrape's two store reads each log their failure.
      assert.deepEqual(
        errors
          .slice(1)
          .map((e) => [e.route, e.msg])
          .sort(),
        [
          ['/metrics', 'cannot count proven equivocations for /metrics'],
          ['/metrics', 'cannot read message counts for /metrics'],
        ],
      )
      assert.ok(!lines.join('\n').includes('hunter2'))
    } finally {
      await failing.stop()
      await broken.close()
    }
  })

  it('refuses a port already bound (fatal), and stops cleanly on abort', async () => {
    const logger = createLogger({ name: 'api-test', level: 'silent' })
    const port = Number(new URL(api.url).port)
    await assert.rejects(
      startApi(
        { db: store.db, logger, health: async () => ({ postgres: true, nats: true }) },
        { signal: new AbortController().signal, host: '127.0.0.1', port },
      ),
      { code: 'API_LISTEN_FAILED', action: 'fatal' },
    )
    const controller = new AbortController()
    const second = await startApi(
      { db: store.db, logger, health: async () => ({ postgres: true, nats: true }) },
      { signal: controller.signal, host: '127.0.0.1', port: 0 },
    )
    assert.equal((await getJsonAt(second.url, '/healthz')).status, 200)
    controller.abort()
    await second.done
    await assert.rejects(fetch(`${second.url}/healthz`))
    const aborted = AbortSignal.abort()
    const third = await startApi(
      { db: store.db, logger, health: async () => ({ postgres: true, nats: true }) },
      { signal: aborted, host: '127.0.0.1', port: 0 },
    )
    await third.done
  })
})

/** Writes `raw` to the API's socket and reads the whole answer (the server closes after a refusal). */
function rawRequest(
  url: string,
  raw: string,
): Promise<{ status: number; contentType: string | undefined; body: unknown }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(raw))
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      const contentType = /^content-type: (.*)$/im.exec(head)?.[1]
      resolve({ status: Number(head.split(' ')[1]), contentType, body: body ? JSON.parse(body) : undefined })
    })
  })
}
