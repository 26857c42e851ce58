import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { countMessagesByState } from '@relaymesh/store'
import { pad, toHex } from 'viem'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { startRpcProxy, type RpcProxy } from '../faults/startRpcProxy.js'
import { startLocalMesh, type LocalMesh } from '../mesh/startLocalMesh.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'

// Issue 13: an RPC endpoint that lies (a forged log in the receipts it serves) must not cost a message. Its answers
// disagree with the block header, so the watcher reads the block again from the next endpoint; the verifier never
// sees the forgery and every genuine message is verified.
describe('a lying RPC endpoint in front of the source chain', () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let liar: RpcProxy
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  const ns = testBusNamespace()
  const stop = new AbortController()

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    mesh = await startLocalMesh({ relayerIds: ['r1'], threshold: 1, databaseUrl: dbs.url, natsUrl: TEST_NATS_URL, blockTime: 0.2, confirmations: 2 })
    const relayer = mesh.relayers[0]
    assert.ok(relayer)
    const source = relayer.config.chains.find((c) => c.domain === mesh.bridges.ethereum.domain)
    assert.ok(source)
    liar = await startRpcProxy({ target: source.rpcUrl })
    liar.setMode('lie')
    relayer.config.chains = relayer.config.chains.map((c) => (c === source ? { ...c, rpcUrl: liar.url, fallbackRpcUrls: [c.rpcUrl, ...c.fallbackRpcUrls] } : c))
    ctx = await createRelayerContext({
      config: relayer.config, privateKey: relayer.privateKey, serviceName: 'test', telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
      logLevel: 'silent', subjectRoot: ns.subjectRoot, streamPrefix: ns.streamPrefix,
    })
  })

  after(async () => {
    stop.abort()
    await ctx?.close()
    await liar?.stop()
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
  })

  test('the watcher reads each forged block again from the honest endpoint: every message verified, none rejected', async () => {
    const watcher = startWatcher(ctx, { origin: mesh.bridges.ethereum.domain, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    const { ethereum, bsc } = mesh.bridges
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < 10; i++) {
      hashes.push(await ethereum.outbox.write.dispatch([bsc.domain, pad(bsc.addresses.noopRecipient), toHex(`lied about ${i}`)], { account: mesh.sender }))
    }
    await Promise.all(hashes.map((hash) => ethereum.chain.publicClient.waitForTransactionReceipt({ hash })))
    const counts = await waitUntil(async () => {
      const c = await countMessagesByState(ctx.db, {})
      return (c.verified ?? 0) >= 10 ? c : undefined
    }, '10 verified messages')
    assert.equal(counts.verified, 10)
    assert.equal(counts.rejected ?? 0, 0)
    const rejections = await ctx.db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM rejections')
    assert.equal(rejections.rows[0]?.n, 0, 'no forged claim reached the verifier')
    assert.ok(liar.counts.lie >= 1, 'the endpoint forged receipts')
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
