import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { outboxAbi } from '@relaymesh/evm-contracts'
import { countMessagesByState, getCursor } from '@relaymesh/store'
import { pad, parseEventLogs, toHex, type Hex } from 'viem'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import { waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher, WATCHER_CURSOR } from '../watcher/startWatcher.js'
import { startWatcherHarness, type WatcherHarness } from '../watcher/testing/startWatcherHarness.js'
import { createPublishLedger } from './createPublishLedger.js'
import { reobserveHintCodec, type ReobserveHint } from './ReobserveHint.js'
import { createReobserveHints } from './createReobserveHints.js'
import { startReobserveHints } from './startReobserveHints.js'

// A bundle the watcher published is lost before the verifier stored it (here: purged from the stream), so the
// watcher's cursor is past messages this relayer never stored. Another relayer's hint brings them back: the watcher
// reads the block again from its own node, and the verifier verifies it as any bundle.
describe('re-observation: a relayer that passed a block without storing its messages reads it again for a hint', () => {
  let harness: WatcherHarness
  const stop = new AbortController()

  before(async () => {
    harness = await startWatcherHarness({ blockTime: 0.2 })
  })
  after(async () => {
    stop.abort()
    await harness?.close()
  })

  test("the lost block is read again for another relayer's hint, verified once, and the hints name it while it waits", async () => {
    const { mesh, ctx } = harness
    const { ethereum, bsc } = mesh.bridges
    const watcher = startWatcher(ctx, { origin: ethereum.domain, signal: stop.signal })
    const count = 12
    const tx = await ethereum.outbox.write.dispatchBatch(
      [
        Array<number>(count).fill(bsc.domain),
        Array<Hex>(count).fill(pad(bsc.addresses.noopRecipient)),
        Array<number>(count).fill(200_000),
        Array.from({ length: count }, (_, i) => toHex(`lost ${i}`)),
      ],
      { account: mesh.sender },
    )
    const receipt = await ethereum.chain.publicClient.waitForTransactionReceipt({ hash: tx })
    const ids = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' }).map(
      (e) => e.args.id.toLowerCase() as Hex,
    )
    await waitUntil(async () => {
      const cursor = await getCursor(ctx.db, { chain: ethereum.domain, name: WATCHER_CURSOR })
      return cursor && cursor.blockNumber >= receipt.blockNumber ? true : undefined
    }, 'the watcher past the block')
    // The loss: the block's bundle never reaches the verifier.
    const stream = ctx.catalogue.streams.bundles.name
    await ctx.bus.jsm.streams.purge(stream, { filter: ctx.catalogue.subjects.bundles(String(ethereum.domain)) })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    assert.equal((await countMessagesByState(ctx.db, {})).verified ?? 0, 0)

    const hint: ReobserveHint = {
      origin: ethereum.domain,
      blocks: [{ number: receipt.blockNumber, hash: receipt.blockHash.toLowerCase() as Hex, ids }],
    }
    const asR2 = ctx.catalogue.subjects.reobserve(String(ethereum.domain)).replace(/\.r1$/, '.r2')
    ctx.bus.nc.publish(asR2, new TextEncoder().encode('not a hint'))
    ctx.bus.nc.publish(asR2, reobserveHintCodec.encode(hint))
    const counts = await waitUntil(async () => {
      const c = await countMessagesByState(ctx.db, {})
      return (c.verified ?? 0) >= count ? c : undefined
    }, 'the lost messages verified after the hint')
    assert.equal(counts.verified, count)
    assert.equal(counts.rejected ?? 0, 0)
    const last = await ctx.bus.jsm.streams.getMessage(stream, {
      last_by_subj: ctx.catalogue.subjects.bundles(String(ethereum.domain)),
    })
    assert.equal(last?.header?.get(REOBSERVED_HEADER), '1')
    assert.match(last?.header?.get('Nats-Msg-Id') ?? '', /:reobserved:/)
    // The watcher's ledger of its publishes says what became of a part: held in the stream (its msg id) or gone.
    const ledger = createPublishLedger(ctx)
    const hash = hint.blocks[0]!.hash
    ledger.record(hash, { stream, seq: last!.seq, duplicate: false, bytes: 0 })
    ledger.record(hash, { stream, seq: 9_999_999, duplicate: false, bytes: 0 })
    const described = await ledger.describe(hash)
    assert.equal(described['remembered'], true)
    const held = (described['parts'] as { held: string }[]).map((p) => p.held)
    assert.match(held[0] ?? '', /:reobserved:/)
    assert.equal(held[1], 'not in the stream')
    assert.equal(typeof described['verifierAckFloor'], 'number')
    assert.deepEqual(await ledger.describe('0x00'), { fate: 'unknown', remembered: false })
    // A re-read is remembered apart from the first publish, each new one replacing the last.
    assert.equal((await ledger.describe(hash, 'reread')).remembered, false)
    ledger.recordReread(hash, [{ stream, seq: 9_999_999, duplicate: false, bytes: 0 }])
    assert.equal((await ledger.describe(hash, 'reread')).fate, 'dropped-by-stream')
    ledger.recordReread(hash, [{ stream, seq: last!.seq, duplicate: false, bytes: 0 }])
    assert.notEqual((await ledger.describe(hash, 'reread')).fate, 'dropped-by-stream')
    assert.equal((await ledger.describe(hash, 'first')).parts?.length, 2)

    // These messages now wait unbatched (no batcher runs here): this relayer's own hints name their block.
    const seen: ReobserveHint[] = []
    const sub = ctx.bus.nc.subscribe(ctx.catalogue.subjects.allReobserve, {
      callback: (_e, m) => {
        seen.push(reobserveHintCodec.decode(m.data, reobserveHintCodec.contentType))
      },
    })
    const hinting = new AbortController()
    const { deps, options } = createReobserveHints(ctx)
    const hints = startReobserveHints(deps, { ...options, reobserveAfterMs: 1_000 }, { signal: hinting.signal })
    const named = await waitUntil(
      async () => seen.find((h) => h.blocks.some((b) => b.hash === hint.blocks[0]!.hash)),
      'a hint naming the waiting block',
    )
    assert.deepEqual(new Set(named.blocks.find((b) => b.hash === hint.blocks[0]!.hash)!.ids), new Set(ids))
    hinting.abort()
    sub.unsubscribe()
    await hints
    // Nothing was stored twice, and no message of the block read again counts as a replay.
    const replays = await ctx.db.$client.query(`SELECT 1 FROM rejections WHERE reason_code = 'REPLAYED_MESSAGE'`)
    assert.equal(replays.rowCount, 0)
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })

  // Fault runs on a loaded machine re-read dozens of blocks a relayer had not lost: its verifier was more than the
  // hint delay behind, with the block's bundle waiting in the stream. Only a block whose bundle is gone is read again.
  test('a block whose bundle still waits in the stream for the verifier is not read again; a dropped one is', async (t) => {
    const { mesh, ctx } = harness
    const { ethereum, bsc } = mesh.bridges
    const watching = new AbortController()
    t.after(() => watching.abort())
    const watcher = startWatcher(ctx, { origin: ethereum.domain, signal: watching.signal })
    const dispatch = async (body: string) => {
      const tx = await ethereum.outbox.write.dispatch([bsc.domain, pad(bsc.addresses.noopRecipient), toHex(body)], {
        account: mesh.sender,
      })
      const receipt = await ethereum.chain.publicClient.waitForTransactionReceipt({ hash: tx })
      const [id] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' }).map(
        (e) => e.args.id.toLowerCase() as Hex,
      )
      return { number: receipt.blockNumber, hash: receipt.blockHash.toLowerCase() as Hex, ids: [id!] }
    }
    // No verifier runs: both bundles wait in the stream. The second one is then dropped from it.
    const waiting = await dispatch('waiting')
    const dropped = await dispatch('dropped')
    await waitUntil(async () => {
      const cursor = await getCursor(ctx.db, { chain: ethereum.domain, name: WATCHER_CURSOR })
      return cursor && cursor.blockNumber >= dropped.number ? true : undefined
    }, 'the watcher past both blocks')
    const stream = ctx.catalogue.streams.bundles.name
    const subject = ctx.catalogue.subjects.bundles(String(ethereum.domain))
    const last = await ctx.bus.jsm.streams.getMessage(stream, { last_by_subj: subject })
    assert.ok(last && last.header?.get('Nats-Msg-Id')?.includes(dropped.hash))
    await ctx.bus.jsm.streams.deleteMessage(stream, last.seq)

    // One hint names both, the waiting block first: once the dropped one is back, the waiting one was judged.
    const hint: ReobserveHint = { origin: ethereum.domain, blocks: [waiting, dropped] }
    const asR2 = ctx.catalogue.subjects.reobserve(String(ethereum.domain)).replace(/\.r1$/, '.r2')
    ctx.bus.nc.publish(asR2, reobserveHintCodec.encode(hint))
    const readAgain = await waitUntil(async () => {
      const m = await ctx.bus.jsm.streams.getMessage(stream, { last_by_subj: subject })
      return m?.header?.get('Nats-Msg-Id')?.includes(`${dropped.hash}:0:reobserved:`) ? m : undefined
    }, 'the dropped block read again')
    assert.equal(readAgain.header?.get(REOBSERVED_HEADER), '1')
    const reobserved: string[] = []
    for (let seq = last.seq + 1; seq <= readAgain.seq; seq++) {
      const m = await ctx.bus.jsm.streams.getMessage(stream, { seq }).catch(() => undefined)
      const msgId = m?.header?.get('Nats-Msg-Id') ?? ''
      if (msgId.includes(':reobserved:')) reobserved.push(msgId)
    }
    assert.deepEqual(
      reobserved.map((id) => id.split(':')[1]),
      [dropped.hash],
      'only the dropped block is read again',
    )
    watching.abort()
    await watcher.done
  })
})
