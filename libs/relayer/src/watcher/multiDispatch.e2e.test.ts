// Many Dispatch logs in one receipt (Outbox.dispatchBatch) end to end through the watcher and the
// verifier: the largest batch the Outbox accepts (1,024 messages, 256 KiB of payload) must travel
// as one bundle part under the bus's payload limit, proof and all, and every message must be
// verified once with the id its log indexed.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { countMessagesByState, getMessagesBySourceTx } from '@relaymesh/store'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { outboxAbi } from '@relaymesh/evm-contracts'
import { pad, parseEventLogs, toHex, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { buildBlockBundleWires } from './buildBlockBundleWires.js'
import { startWatcher } from './startWatcher.js'
import { startWatcherHarness, type WatcherHarness } from './testing/startWatcherHarness.js'

describe('watcher + verifier: receipts holding many Dispatch logs (dispatchBatch)', { timeout: 300_000 }, () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let harness: WatcherHarness
  const stop = new AbortController()

  before(async () => {
    harness = await startWatcherHarness({ blockTime: 0.5 })
    ;({ mesh, ctx } = harness)
  })

  after(async () => {
    stop.abort()
    await harness?.close()
  })

  test('two largest batches and a 300-message batch: every message verified once, one block cut into parts under the bus limit', async () => {
    const { ethereum, bsc } = mesh.bridges
    const recipient = pad(bsc.addresses.noopRecipient)
    const batch = (count: number, payloadBytes: number, tag: number) => {
      const payloads = Array.from({ length: count }, (_, i) =>
        toHex(new Uint8Array(payloadBytes).fill((i + tag) % 256)),
      )
      return [
        Array<number>(count).fill(bsc.domain),
        Array<Hex>(count).fill(recipient),
        Array<number>(count).fill(200_000),
        payloads,
      ] as const
    }
    const watcher = startWatcher(ctx, { origin: ethereum.domain, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    // Mining paused while sending, so all three land in one block (viem reads the pending nonce).
    const testClient = ethereum.chain.testClient
    await testClient.setIntervalMining({ interval: 0 })
    const hashes: Hex[] = []
    for (const [count, bytes, tag] of [
      [1024, 256, 1],
      [1024, 256, 2],
      [300, 16, 3],
    ] as const) {
      hashes.push(await ethereum.outbox.write.dispatchBatch(batch(count, bytes, tag), { account: mesh.sender }))
    }
    await testClient.mine({ blocks: 1 })
    await testClient.setIntervalMining({ interval: 1 }) // whole seconds only
    const receipts = await Promise.all(
      hashes.map((hash) => ethereum.chain.publicClient.waitForTransactionReceipt({ hash })),
    )
    assert.deepEqual(
      receipts.map((r) => r.status),
      ['success', 'success', 'success'],
    )
    assert.equal(new Set(receipts.map((r) => r.blockNumber)).size, 1, 'one block holds all three')
    const expected = receipts.map((r) =>
      parseEventLogs({ abi: outboxAbi, logs: r.logs, eventName: 'Dispatch' }).map((e) => e.args.id),
    )
    assert.deepEqual(
      expected.map((ids) => ids.length),
      [1024, 1024, 300],
    )

    const total = 2348
    const counts = await waitUntil(
      async () => {
        const c = await countMessagesByState(ctx.db, {})
        return (c.verified ?? 0) + (c.rejected ?? 0) >= total ? c : undefined
      },
      `${total} verified messages`,
      180_000,
      500,
    )
    assert.equal(counts.verified, total)
    assert.equal(counts.rejected ?? 0, 0)
    for (const [i, receipt] of receipts.entries()) {
      const stored = await getMessagesBySourceTx(ctx.db, { sourceTxHash: hexToBytes(receipt.transactionHash) })
      assert.deepEqual(
        stored.map((m) => bytesToHex(m.id)),
        expected[i],
        `messages of tx ${i} in log order`,
      )
    }

    // The watcher's own cut of that block: the largest receipts in separate parts, every part under its budget.
    const maxBundleBytes = Math.floor(ctx.bus.maxPayload * 0.8)
    for (const blockNumber of new Set(receipts.map((r) => r.blockNumber))) {
      const client = ethereum.chain.publicClient
      const block = await client.request({ method: 'eth_getBlockByNumber', params: [toHex(blockNumber), false] })
      const blockReceipts = await client.request({ method: 'eth_getBlockReceipts', params: [toHex(blockNumber)] })
      assert.ok(block && blockReceipts)
      const parts = buildBlockBundleWires({
        origin: ethereum.domain,
        outbox: ethereum.addresses.outbox.toLowerCase() as Hex, // reason: lower-cased hex stays hex
        // reason: the RPC shapes the watcher reads
        block: block as never,
        receipts: blockReceipts as never,
        maxBytes: maxBundleBytes,
        now: 0,
      })
      assert.ok(parts.length >= 2, 'two largest receipts never share a part')
      assert.equal(
        parts.reduce((n, p) => n + p.messageCount, 0),
        total,
      )
      for (const part of parts)
        assert.ok(part.bytes.length <= maxBundleBytes, `part of ${part.bytes.length} bytes over ${maxBundleBytes}`)
      console.log(
        `# block ${blockNumber}: ${parts.length} parts, ` +
          `${parts.map((p) => `${p.messageCount} msgs/${p.bytes.length} B`).join(', ')} (budget ${maxBundleBytes} B)`,
      )
    }
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
