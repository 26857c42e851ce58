import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { pad, toHex, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { RpcProxy } from '@relaymesh/devnet'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from './startWatcher.js'
import { startConsistentLiarHarness, type ConsistentLiarHarness } from './testing/startConsistentLiarHarness.js'
import { dispatchedIds, waitForGenuineMessages } from './testing/waitForGenuineMessages.js'

const MESSAGES = 10

type LiarCase = {
  title: string
  test: string
  finality: 'light-client' | 'confirmations'
  /** A second honest endpoint after the first (confirmations finality outvotes the liar with two). */
  secondHonest: boolean
  liarReadLast: boolean
}

// An RPC endpoint that lies consistently (its own fork: each Dispatch block with a forged message, receipts root and
// hashes recomputed, later blocks re-parented) passes every check the watcher can make on its answers. Only the
// light client refuses its blocks, as not the finalized canonical ones; the relayer must then read those heights from
// its second endpoint, and avoid the liar, or it never verifies a genuine message itself.
describeConsistentLiar({
  title: 'a consistent liar first among the source chain’s endpoints',
  test:
    'the forged blocks are refused as not canonical, read again from the honest endpoint: ' +
    'every genuine message verified',
  finality: 'light-client',
  secondHonest: false,
  liarReadLast: false,
})

// The same liar first among three endpoints of a chain whose finality is confirmation depth: no light client refuses
// its blocks. Confirmations finality asks a second endpoint, which names another block, and then every endpoint with
// the block one higher: the two honest ones name the chain's block and build on it, so the forged block is orphaned
// (BLOCK_NOT_CANONICAL), the watcher reads that height again from the next endpoint, demotes the liar, and the genuine
// messages there are verified instead of waiting to be dead-lettered.
describeConsistentLiar({
  title: 'a consistent liar first among the endpoints of a confirmations chain',
  test: 'the endpoints disagree, the two honest ones win: forged blocks refused, every genuine message verified',
  finality: 'confirmations',
  secondHonest: true,
  liarReadLast: true,
})

function describeConsistentLiar(c: LiarCase): void {
  describe(c.title, () => {
    let mesh: LocalMesh
    let ctx: RelayerContext
    let liar: RpcProxy
    let honest: RpcProxy
    let harness: ConsistentLiarHarness
    const stop = new AbortController()
    const bytes = (hex: Hex) => Buffer.from(hex.slice(2), 'hex')

    before(async () => {
      harness = await startConsistentLiarHarness({
        source: 'ethereum',
        ethereumFinality: { kind: c.finality },
        secondHonest: c.secondHonest,
      })
      ;({ mesh, ctx, liar, honest } = harness)
    })

    after(async () => {
      stop.abort()
      await harness?.close()
    })

    test(c.test, async () => {
      const watcher = startWatcher(ctx, { origin: mesh.bridges.ethereum.domain, signal: stop.signal })
      const verifier = startVerifier(ctx, { signal: stop.signal })
      const { ethereum, bsc } = mesh.bridges
      const hashes: Hex[] = []
      for (let i = 0; i < MESSAGES; i++)
        hashes.push(
          await ethereum.outbox.write.dispatch(
            [bsc.domain, pad(bsc.addresses.noopRecipient), toHex(`forged about ${i}`)],
            {
              account: mesh.sender,
            },
          ),
        )
      const receipts = await Promise.all(
        hashes.map((hash) => ethereum.chain.publicClient.waitForTransactionReceipt({ hash })),
      )
      const genuine = dispatchedIds(receipts)
      assert.equal(genuine.length, MESSAGES)
      // Totals first: every genuine message verified by this relayer, whatever the liar served.
      const stored = await waitForGenuineMessages(ctx.db, genuine)
      assert.equal(stored.length, MESSAGES)
      const forged = liar.forgedBlocks()
      assert.ok(forged.length >= 1, 'the liar served forged blocks')
      assert.ok(liar.counts['forge-chain'] >= 1, 'and was asked for them')
      // Each forged block refused whole with its reason code; the forged messages never stored.
      const forgedIds = forged.flatMap((b) => b.forgedIds)
      assert.ok(forgedIds.length >= 1)
      const refused = await waitUntil(async () => {
        const rows = await ctx.db.$client.query<{ block_hash: Buffer; reason_code: string; stage: string }>(
          'SELECT DISTINCT block_hash, reason_code, stage FROM rejections WHERE message_id = ANY($1)',
          [forgedIds.map(bytes)],
        )
        return rows.rows.length > 0 ? rows.rows : undefined
      }, 'the forged messages refused')
      assert.deepEqual([...new Set(refused.map((r) => `${r.stage}:${r.reason_code}`))], ['verify:BLOCK_NOT_CANONICAL'])
      const forgedHashes = new Set(forged.map((b) => b.forgedHash.toLowerCase()))
      for (const r of refused)
        assert.ok(forgedHashes.has(`0x${r.block_hash.toString('hex')}`), 'refused a forged block')
      const squatted = await ctx.db.$client.query('SELECT 1 FROM messages WHERE id = ANY($1)', [forgedIds.map(bytes)])
      assert.equal(squatted.rows.length, 0, 'no forged message verified')
      // Every genuine message stored from the canonical block, which only the second endpoint served at that height.
      const canonical = new Set(receipts.map((r) => r.blockHash.toLowerCase()))
      for (const row of stored) assert.ok(canonical.has(`0x${row.source_block_hash.toString('hex')}`))
      assert.ok(
        forged.some((b) => canonical.has(b.honestHash.toLowerCase())),
        "the liar forged some of the genuine messages' blocks",
      )
      assert.ok(honest.counts.pass >= 1, 'the honest endpoint was read')
      if (c.liarReadLast) {
        const ranked = watcher.rotation.ranked()
        assert.equal(ranked.at(-1), 0, `the liar is read last (rank order ${ranked.join(', ')})`)
      }
      // No rejection but the forgeries' own: no genuine message refused, no replay recorded.
      const others = await ctx.db.$client.query<{ reason_code: string; n: number }>(
        `SELECT reason_code, count(*)::int AS n FROM rejections WHERE message_id IS NULL OR NOT (block_hash = ANY($1))
       GROUP BY reason_code`,
        [[...forgedHashes].map((h) => bytes(h as Hex))],
      )
      assert.deepEqual(others.rows, [], 'only the forged blocks were refused')
      stop.abort()
      await Promise.all([watcher.done, verifier.done])
    })
  })
}
