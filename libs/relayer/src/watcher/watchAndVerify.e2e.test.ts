import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { countMessagesByState } from '@relaymesh/store'
import { outboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex } from '@relaymesh/protocol'
import { pad, parseEventLogs, toHex, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'
import { startWatcherHarness, type WatcherHarness } from './testing/startWatcherHarness.js'

describe('watcher + verifier on a real chain, NATS and Postgres', () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let harness: WatcherHarness
  const stop = new AbortController()

  before(async () => {
    harness = await startWatcherHarness({ blockTime: 0.2 })
    ;({ mesh, ctx } = harness)
  })

  after(async () => {
    stop.abort()
    await harness?.close()
  })

  test('every dispatched message is verified once, from its proven receipt', async () => {
    const watcher = startWatcher(ctx, { origin: 31337, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    const outbox = mesh.bridges.ethereum.outbox
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < 30; i++) {
      hashes.push(
        await outbox.write.dispatch(
          [31356, pad(mesh.bridges.bsc.addresses.noopRecipient), toHex(`hello ${i}`) as `0x${string}`],
          { account: mesh.sender },
        ),
      )
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

  // A receipt whose proof alone is larger than one bus message cannot reach any verifier: its messages are rejected
  // with RECEIPT_TOO_LARGE where they are seen, and the watcher goes on (no retrying the chain to a standstill).
  test('a receipt too large for one bus message: its messages are rejected with RECEIPT_TOO_LARGE and later messages are still verified with RECEIPT_TOO_LARGE and later messages are still verified', async () => {
    const { ethereum, bsc } = mesh.bridges
    const recipient = pad(bsc.addresses.noopRecipient)
    // A 16 KiB budget: 64 messages of 256 bytes in one receipt (~30 KB with its logs) cannot fit, one small message
    // can.
    const stopThis = new AbortController()
    const watcher = startWatcher(ctx, { origin: ethereum.domain, signal: stopThis.signal, maxBundleBytes: 16 * 1024 })
    const verifier = startVerifier(ctx, { signal: stopThis.signal })
    const count = 64
    const big = await ethereum.outbox.write.dispatchBatch(
      [
        Array<number>(count).fill(bsc.domain),
        Array<Hex>(count).fill(recipient),
        Array<number>(count).fill(200_000),
        Array.from({ length: count }, (_, i) => toHex(new Uint8Array(256).fill(i))),
      ],
      { account: mesh.sender },
    )
    const bigReceipt = await ethereum.chain.publicClient.waitForTransactionReceipt({ hash: big })
    const bigIds = parseEventLogs({ abi: outboxAbi, logs: bigReceipt.logs, eventName: 'Dispatch' }).map((e) =>
      e.args.id.toLowerCase(),
    )
    assert.equal(bigIds.length, count)
    const small = await ethereum.outbox.write.dispatchBatch(
      [[bsc.domain], [recipient], [200_000], [toHex('after the big one')]],
      { account: mesh.sender },
    )
    await ethereum.chain.publicClient.waitForTransactionReceipt({ hash: small })

    const counts = await waitUntil(async () => {
      const c = await countMessagesByState(ctx.db, {})
      return (c.verified ?? 0) >= 31 ? c : undefined
    }, 'the later message verified')
    assert.equal(counts.verified, 31, 'the 30 of the test before and the later one')
    const rows = await ctx.db.$client.query<{ message_id: Buffer; stage: string }>(
      `SELECT message_id, stage FROM rejections WHERE reason_code = 'RECEIPT_TOO_LARGE'`,
    )
    assert.deepEqual(new Set(rows.rows.map((r) => bytesToHex(r.message_id))), new Set(bigIds))
    assert.ok(rows.rows.every((r) => r.stage === 'watch'))
    stopThis.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
