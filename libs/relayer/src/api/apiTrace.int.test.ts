import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import { insertBundle, type CreateDbReturnType } from '@relaymesh/store'
import { createTelemetry, type Telemetry } from '@relaymesh/telemetry'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { messageTraceparent } from '../tracing/messageTraceparent.js'
import {
  bytes32,
  getJsonAt,
  openTestStore,
  protocolMessage,
  startTestApi,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'

describe('relayer API: a request for a message joins the message trace', () => {
  let store: CreateDbReturnType
  let api: TestApi
  let receiver: OtlpReceiver
  let telemetry: Telemetry
  const message = protocolMessage('traced', 1n)
  const id = bytesToHex(message.id)

  before(async () => {
    store = await openTestStore()
    await insertBundle(store.db, { block: testBlock('traced'), verification: 'confirmations', messages: [message] })
    receiver = await startOtlpReceiver()
    telemetry = createTelemetry({
      serviceName: 'api',
      relayerId: 'r1',
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
    })
    api = await startTestApi(store.db, undefined, { deps: { telemetry } })
  })
  after(async () => {
    await api?.stop()
    await telemetry?.shutdown()
    await receiver?.close()
    await store?.close()
  })

  it('GET /v1/messages/:id records relaymesh.api.message under the message root, linked to the caller; other requests record nothing', async () => {
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    assert.equal(
      (
        await getJsonAt(api.url, `/v1/messages/${id}`, {
          headers: { traceparent: caller, 'user-agent': 'operator-cli' },
        })
      ).status,
      200,
    )
    assert.equal((await getJsonAt(api.url, `/v1/messages/${bytesToHex(bytes32('never stored'))}`)).status, 404)
    assert.equal((await getJsonAt(api.url, '/v1/stats')).status, 200)
    await telemetry.forceFlush()
    const spans = await receiver.waitFor((s) => s.length >= 1)
    assert.equal(spans.length, 1, `only the stored message's request is traced: ${spans.map((s) => s.name).join(', ')}`)
    const [span] = spans
    const root = messageTraceparent(id)
    assert.deepEqual(
      [span?.name, span?.traceId, span?.parentSpanId, span?.kind],
      ['relaymesh.api.message', root.slice(3, 35), root.slice(36, 52), 2],
    )
    assert.deepEqual(
      span?.links.map((l) => [l.traceId, l.spanId]),
      [['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331']],
    )
    assert.equal(span?.attributes['relaymesh.message.id'], id)
    assert.equal(span?.attributes['http.route'], '/v1/messages/:id')
    assert.equal(span?.attributes['http.response.status_code'], 200)
    assert.equal(span?.attributes['user_agent.original'], 'operator-cli')
    assert.match(String(span?.attributes['client.address']), /127\.0\.0\.1/)
    assert.equal(span?.status.code, 0)
  })
})
