import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createPublicClient, http, pad, toHex, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { RpcProxy } from '@relaymesh/devnet'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'
import { startConsistentLiarHarness, type ConsistentLiarHarness } from './testing/startConsistentLiarHarness.js'
import { dispatchedIds, waitForGenuineMessages } from './testing/waitForGenuineMessages.js'

const MESSAGES = 10

// The consistent liar in front of the BSC stand-in (behind the devnet Parlia node): its fork hashes and links, so
// only seals tell it from the chain. The Parlia feeder, reading headers through the same endpoints as the watcher,
// must not feed the liar's fork to the light client (which would refuse it and wait for good on the hole): it reads
// the run from the honest endpoint and demotes the liar, for the watcher too. Every genuine message is verified.
describe('a consistent liar first among the BSC (Parlia) endpoints', () => {
  let mesh: LocalMesh
  let ctx: RelayerContext
  let liar: RpcProxy
  let honest: RpcProxy
  let harness: ConsistentLiarHarness
  const stop = new AbortController()
  const bytes = (hex: Hex) => Buffer.from(hex.slice(2), 'hex')

  before(async () => {
    harness = await startConsistentLiarHarness({ source: 'bsc', bscFinality: { kind: 'parlia', epochLength: 20 } })
    ;({ mesh, ctx, liar, honest } = harness)
  })

  after(async () => {
    stop.abort()
    await harness?.close()
  })

  test('the feeder never feeds the forged fork: the liar is demoted and every genuine message verified', async () => {
    const watcher = startWatcher(ctx, { origin: mesh.bridges.bsc.domain, signal: stop.signal })
    const verifier = startVerifier(ctx, { signal: stop.signal })
    const { ethereum, bsc } = mesh.bridges
    const hashes: Hex[] = []
    for (let i = 0; i < MESSAGES; i++)
      hashes.push(
        await bsc.outbox.write.dispatch([ethereum.domain, pad(ethereum.addresses.noopRecipient), toHex(`bsc ${i}`)], {
          account: mesh.sender,
        }),
      )
    // Receipts as the Parlia node serves them: block hashes of its sealed headers.
    const parlia = createPublicClient({ transport: http(harness.sourceUrl) })
    const receipts = await Promise.all(hashes.map((hash) => parlia.waitForTransactionReceipt({ hash })))
    const genuine = dispatchedIds(receipts)
    assert.equal(genuine.length, MESSAGES)
    // Totals first: every genuine message verified by this relayer, whatever the liar served.
    const stored = await waitForGenuineMessages(ctx.db, genuine)
    assert.equal(stored.length, MESSAGES)
    const canonical = new Set(receipts.map((r) => r.blockHash.toLowerCase()))
    for (const row of stored) assert.ok(canonical.has(`0x${row.source_block_hash.toString('hex')}`))
    assert.ok(liar.counts['forge-chain'] >= 1, 'the liar served forged answers')
    const ranked = watcher.rotation.ranked()
    assert.equal(ranked.at(-1), 0, `the liar is read last (rank order ${ranked.join(', ')})`)
    assert.ok(honest.counts.pass >= 1, 'the honest endpoint was read')
    // No forged message verified; nothing refused but forged blocks (as not canonical), no header run refused.
    const forgedIds = liar.forgedBlocks().flatMap((b) => b.forgedIds)
    if (forgedIds.length > 0) {
      const squatted = await ctx.db.$client.query('SELECT 1 FROM messages WHERE id = ANY($1)', [forgedIds.map(bytes)])
      assert.equal(squatted.rows.length, 0, 'no forged message verified')
    }
    const forgedHashes = liar.forgedBlocks().map((b) => bytes(b.forgedHash))
    const others = await ctx.db.$client.query<{ stage: string; reason_code: string; n: number }>(
      `SELECT stage, reason_code, count(*)::int AS n FROM rejections
       WHERE block_hash IS NULL OR NOT (block_hash = ANY($1)) GROUP BY stage, reason_code`,
      [forgedHashes],
    )
    assert.deepEqual(others.rows, [], 'no header run refused by the light client, no genuine message refused')
    stop.abort()
    await Promise.all([watcher.done, verifier.done])
  })
})
