// A failed execution the settler retries is an attempt, not an error: a message executed on a later
// attempt has no ERROR span in its trace; only the attempt after which the settler stops is ERROR.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { createDb, insertBundle, migrate, retryFailedMessages, type CreateDbReturnType } from '@relaymesh/store'
import { createLogger, createTelemetry, type Telemetry } from '@relaymesh/telemetry'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import type { Hex } from 'viem'
import { protocolMessage, testBlock } from '../api/apiTestSeed.js'
import { createTestDatabases } from '../testing/testInfra.js'
import { messageTraceId, messageTraceparent } from '../tracing/messageTraceparent.js'
import { applyExecuted, applyFailed } from './applyExecutions.js'
import { createFollowerStore } from './createFollowerStore.js'

const OTLP_STATUS_ERROR = 2
const DESTINATION = 56
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex

describe('applyFailed: failed attempts and the trace', () => {
  let store: CreateDbReturnType & { drop: () => Promise<void> }
  let receiver: OtlpReceiver
  let telemetry: Telemetry
  const retried = protocolMessage('retried', 1n, { destination: DESTINATION })
  const stuck = protocolMessage('stuck', 2n, { destination: DESTINATION })
  const ids = { retried: bytesToHex(retried.id), stuck: bytesToHex(stuck.id) }

  before(async () => {
    const databases = await createTestDatabases(['follower'])
    const db = createDb({ connectionString: databases.url('follower'), max: 2 })
    await migrate(db.db)
    store = { ...db, drop: () => databases.drop() }
    // Settled messages whose stored traceparent is the message root's (what the watcher stores).
    await insertBundle(store.db, {
      block: testBlock('failures'),
      verification: 'confirmations',
      messages: [retried, stuck].map((m) => ({ ...m, traceparent: messageTraceparent(bytesToHex(m.id)) })),
    })
    await store.db.$client.query("UPDATE messages SET state = 'settled'")
    receiver = await startOtlpReceiver()
    telemetry = createTelemetry({
      serviceName: 'settler',
      relayerId: 'r1',
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
    })
  })
  after(async () => {
    await telemetry?.shutdown()
    await receiver?.close()
    await store?.close()
    await store?.drop()
  })

  it('a failure with attempts left is no ERROR; the last attempt is; a message executed on retry has a clean trace', async () => {
    const ctx = {
      store: createFollowerStore(store.db),
      tracing: telemetry,
      logger: createLogger({ name: 'follower', level: 'silent' }),
    }
    const options = { maxAttempts: 2 }
    const failure = (id: Hex, n: number) => ({
      id: hexToBytes(id),
      batchIndex: 0n,
      leafIndex: 0,
      transactionHash: tx(n),
      reason: '0x' as Hex,
    })
    await applyFailed(ctx, DESTINATION, [failure(ids.retried, 1), failure(ids.stuck, 1)], options)
    await applyFailed(ctx, DESTINATION, [failure(ids.stuck, 2)], options)
    // the same block range read again: no third attempt
    await applyFailed(ctx, DESTINATION, [failure(ids.stuck, 2)], options)
    await applyExecuted(ctx, DESTINATION, [{ id: hexToBytes(ids.retried), transactionHash: tx(3) }])
    await telemetry.forceFlush()
    const spans = await receiver.waitFor((s) => s.length >= 4)
    const trace = (id: Hex) =>
      spans
        .filter((s) => s.traceId === messageTraceId(id))
        .map((s) => [
          s.attributes['relaymesh.execute.outcome'],
          s.attributes['relaymesh.execute.attempt'],
          s.attributes['relaymesh.execute.retried'],
          s.status.code === OTLP_STATUS_ERROR,
        ])
    assert.deepEqual(trace(ids.retried), [
      ['failed', 1, true, false],
      ['executed', undefined, undefined, false],
    ])
    assert.deepEqual(trace(ids.stuck), [
      ['failed', 1, true, false],
      ['failed', 2, false, true],
    ])
    const last = spans.find((s) => s.attributes['relaymesh.execute.attempt'] === 2)
    assert.equal(last?.attributes['relaymesh.reason_code'], 'RECIPIENT_REVERTED')
    assert.match(last?.status.message ?? '', /RECIPIENT_REVERTED: no attempt left after 2/)
  })

  it("a message executed after an operator's retry keeps the ERROR of its last automatic attempt and gets an OK execute marked recovered", async () => {
    const ctx = {
      store: createFollowerStore(store.db),
      tracing: telemetry,
      logger: createLogger({ name: 'follower', level: 'silent' }),
    }
    const before = receiver.spans().length
    // `stuck` ran out of attempts in the test above (ERROR); the operator fixes the recipient and retries it.
    assert.equal((await retryFailedMessages(store.db, { ids: [hexToBytes(ids.stuck)] })).moved.length, 1)
    await applyExecuted(ctx, DESTINATION, [{ id: hexToBytes(ids.stuck), transactionHash: tx(4) }])
    await telemetry.forceFlush()
    const spans = (await receiver.waitFor((s) => s.length > before)).slice(before)
    assert.deepEqual(
      spans.map((s) => [
        s.name,
        s.traceId,
        s.attributes['relaymesh.execute.outcome'],
        s.attributes['relaymesh.execute.recovered'],
        s.status.code,
      ]),
      [['relaymesh.execute', messageTraceId(ids.stuck), 'executed', true, 0]],
    )
  })
})
