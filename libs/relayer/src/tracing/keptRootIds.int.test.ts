// A trace keeper killed between storing a bundle's messages and exporting their roots: the bundle,
// not acknowledged, comes back, and the redelivery exports the roots the first delivery never sent.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import { createDb, insertBundle, migrate, type BundleMessage, type CreateDbReturnType } from '@relaymesh/store'
import { createTelemetry, type Telemetry } from '@relaymesh/telemetry'
import { checkTraceTrees, startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { createTestDatabases } from '../testing/testInfra.js'
import { keptRootIds } from './keptRootIds.js'
import { recordKeptMessageRoots } from './recordKeptMessageRoots.js'

const bytes32 = (label: string) => createHash('sha256').update(label).digest()
const origin = 31337
const relayers = { r1: '0x01', r2: '0x02' }
const block = (label: string) => ({
  origin,
  number: 7n,
  hash: bytes32(`block:${label}`),
  parentHash: bytes32('parent'),
  state: 'verified' as const,
})
const message = (label: string): BundleMessage => ({
  id: bytes32(`message:${label}`),
  destination: 56,
  nonce: 1n,
  sender: bytes32('s'),
  recipient: bytes32('r'),
  gasLimit: 1,
  payload: Buffer.from(label),
  sourceTxHash: bytes32(`tx:${label}`),
  logIndex: 0,
  state: 'verified',
})

describe('a keeper killed between storing and exporting roots', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let store: CreateDbReturnType
  let receiver: OtlpReceiver
  before(async () => {
    dbs = await createTestDatabases(['r1'])
    store = createDb({ connectionString: dbs.url('r1'), max: 2 })
    await migrate(store.db)
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    await store?.close()
    await dbs?.drop()
    await receiver?.close()
  })

  /** One delivery of a bundle to a keeper's verifier, `telemetry` exporting (or not) what it records. */
  async function deliver(telemetry: Telemetry, relayerId: string, label: string, messages: BundleMessage[]) {
    const stored = await insertBundle(store.db, { block: block(label), verification: 'light-client', messages })
    const ctx = { db: store.db, config: { relayerId, relayers }, telemetry }
    const ids = await keptRootIds(ctx, {
      inserted: stored.inserted,
      known: stored.known,
      origin,
      blockHash: block(label).hash,
    })
    recordKeptMessageRoots(ctx, {
      origin,
      stored: ids,
      destinationOf: () => 56,
      rejected: [],
      verification: 'light-client',
      sentAt: 1_765_000_000_000,
    })
    await telemetry.flushRoots()
    return ids.map(bytesToHex).sort()
  }

  const telemetryFor = (relayerId: string, exporting: boolean) =>
    createTelemetry({
      serviceName: 'verifier',
      relayerId,
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
        ...(exporting ? {} : { OTEL_TRACES_EXPORTER: 'none' }),
      },
    })

  it('the redelivered bundle stores nothing new and exports the roots of what this block stored, not of a replay', async () => {
    const messages = [message('a'), message('b')]
    const killed = telemetryFor('r1', false) // its roots never leave: killed before its exporter sent them
    assert.deepEqual(await deliver(killed, 'r1', 'first', messages), messages.map((m) => bytesToHex(m.id)).sort())
    await killed.shutdown()

    const restarted = telemetryFor('r1', true)
    // Another block replaying `a` first: a replay, whose root is the original block's, not this one's.
    assert.deepEqual(await deliver(restarted, 'r1', 'replay', [message('a')]), [])
    // The bundle comes back (never acknowledged): every id is known, and its roots are exported now.
    assert.deepEqual(await deliver(restarted, 'r1', 'first', messages), messages.map((m) => bytesToHex(m.id)).sort())
    await restarted.shutdown()
    const spans = await receiver.waitFor((s) => s.filter((x) => x.name === 'relaymesh.message').length >= 2)
    assert.deepEqual(
      spans
        .filter((s) => s.name === 'relaymesh.message')
        .map((s) => s.attributes['relaymesh.message.id'])
        .sort(),
      messages.map((m) => bytesToHex(m.id)).sort(),
    )
    assert.deepEqual(checkTraceTrees(spans), [])
  })

  it('a relayer that keeps no roots does not even look', async () => {
    const telemetry = telemetryFor('r2', true)
    assert.deepEqual(await deliver(telemetry, 'r2', 'first', [message('a')]), [])
    await telemetry.shutdown()
  })
})
