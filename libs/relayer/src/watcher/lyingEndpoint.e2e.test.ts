import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { countMessagesByState } from '@relaymesh/store'
import { pad, toHex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { startRpcProxy, type RpcProxy } from '@relaymesh/devnet'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'
import { startWatcherHarness, type WatcherHarness } from './testing/startWatcherHarness.js'

// An RPC endpoint that lies (a forged log in the receipts it serves) must not cost a message. Its answers
// disagree with the block header, so the watcher reads the block again from the next endpoint; the verifier never
// sees the forgery and every genuine message is verified.
describe('a lying RPC endpoint in front of the source chain', () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let liar: RpcProxy
  let harness: WatcherHarness
  const stop = new AbortController()

  before(async () => {
    harness = await startWatcherHarness({
      blockTime: 0.2,
      logLevel: 'silent',
      prepare: async (relayer, m) => {
        const source = relayer.config.chains.find((c) => c.domain === m.bridges.ethereum.domain)
        assert.ok(source)
        liar = await startRpcProxy({ target: source.rpcUrl })
        liar.setMode('lie')
        relayer.config.chains = relayer.config.chains.map((c) =>
          c === source ? { ...c, rpcUrl: liar.url, fallbackRpcUrls: [c.rpcUrl, ...c.fallbackRpcUrls] } : c,
        )
      },
    })
    ;({ mesh, ctx } = harness)
  })

  after(async () => {
    stop.abort()
    await harness?.close()
    await liar?.stop()
  })

  test('the watcher reads each forged block again from the honest endpoint and demotes the liar: every message verified, none rejected', async () => {
    const watcher = startWatcher(ctx, { origin: mesh.bridges.ethereum.domain, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    const { ethereum, bsc } = mesh.bridges
    const send = async (from: number, count: number) => {
      const hashes: `0x${string}`[] = []
      for (let i = from; i < from + count; i++) {
        hashes.push(
          await ethereum.outbox.write.dispatch(
            [bsc.domain, pad(bsc.addresses.noopRecipient), toHex(`lied about ${i}`)],
            {
              account: mesh.sender,
            },
          ),
        )
      }
      await Promise.all(hashes.map((hash) => ethereum.chain.publicClient.waitForTransactionReceipt({ hash })))
    }
    const verified = (n: number) =>
      waitUntil(async () => {
        const c = await countMessagesByState(ctx.db, {})
        return (c.verified ?? 0) >= n ? c : undefined
      }, `${n} verified messages`)
    await send(0, 10)
    const counts = await verified(10)
    assert.equal(counts.verified, 10)
    assert.equal(counts.rejected ?? 0, 0)
    const rejections = await ctx.db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM rejections')
    assert.equal(rejections.rows[0]?.n, 0, 'no forged claim reached the verifier')
    assert.ok(liar.counts.lie >= 1, 'the endpoint forged receipts')
    // The liar (the first configured endpoint) answered inconsistently where another answered consistently: demoted.
    const ranked = watcher.rotation.ranked()
    assert.equal(ranked.at(-1), 0, `the liar is read last (rank order ${ranked.join(', ')})`)
    // Later blocks are read from the honest endpoint first: the liar is not asked for their receipts.
    const lies = liar.counts.lie
    await send(10, 5)
    assert.equal((await verified(15)).verified, 15)
    assert.equal(liar.counts.lie, lies, 'no block read from the demoted liar while the honest endpoint answers')
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
