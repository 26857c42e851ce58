import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { countMessagesByState } from '@relaymesh/store'
import { pad, toHex } from 'viem'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { startLocalMesh, type LocalMesh } from '../mesh/startLocalMesh.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'

describe('watcher + verifier on a real chain, NATS and Postgres', () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  const ns = testBusNamespace()
  const stop = new AbortController()

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    mesh = await startLocalMesh({ relayerIds: ['r1'], threshold: 1, databaseUrl: dbs.url, natsUrl: TEST_NATS_URL, blockTime: 0.2, confirmations: 2 })
    const relayer = mesh.relayers[0]
    assert.ok(relayer)
    ctx = await createRelayerContext({
      config: relayer.config, privateKey: relayer.privateKey, serviceName: 'test', telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
      logLevel: 'warn', subjectRoot: ns.subjectRoot, streamPrefix: ns.streamPrefix,
    })
  })

  after(async () => {
    stop.abort()
    await ctx?.close()
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
  })

  test('every dispatched message is verified once, from its proven receipt', async () => {
    const watcher = startWatcher(ctx, { origin: 31337, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    const outbox = mesh.bridges.ethereum.outbox
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < 30; i++) {
      hashes.push(await outbox.write.dispatch([31356, pad(mesh.bridges.bsc.addresses.noopRecipient), toHex(`hello ${i}`) as `0x${string}`], { account: mesh.sender }))
    }
    await Promise.all(hashes.map((hash) => mesh.chains.ethereum.publicClient.waitForTransactionReceipt({ hash })))
    const counts = await waitUntil(async () => {
      const c = await countMessagesByState(ctx.db, {})
      return (c.verified ?? 0) >= 30 ? c : undefined
    }, '30 verified messages')
    assert.equal(counts.verified, 30)
    assert.equal(counts.rejected ?? 0, 0)
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
