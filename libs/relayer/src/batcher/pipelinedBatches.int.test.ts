import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { devAccounts } from '@relaymesh/localchain'
import { getBatch, getMessage, listUnbatchedMessages } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { ZERO_HASH } from './batchHeader.js'
import { findBatch } from './batchQueries.js'
import { buildProposal } from './buildProposal.js'
import { defaultSealOptions } from './decideSeal.js'
import { batchDestination } from './destinations.js'
import { quorumTimeoutMs, recordProposal, sealNextBatch } from './sealNextBatch.js'
import {
  rejectionsWith,
  seedMessages,
  startTestMesh,
  testMessages,
  type MeshSpec,
  type TestRelayer,
} from './testing/batchHarness.js'

// Its own destination, so no other test's batches stand in the way. No co-signer runs: every batch waits.
const DEST = 31359
const [, a1, a2] = devAccounts(3)
const mesh: MeshSpec = {
  // The inbox is never read: every proposal here follows a batch of this database, or a refused one.
  chain: {
    domain: DEST,
    rpcUrl: 'http://127.0.0.1:9',
    inbox: '0x00000000000000000000000000000000000000b2',
    outbox: '0x00000000000000000000000000000000000000a2',
  },
  relayers: { r1: a1!, r2: a2! },
  proposer: 'r1',
  threshold: 2,
  batch: { maxMessages: 3, cosignDeadlineMs: 10 * 60_000 },
}
const recipient = '0x00000000000000000000000000000000000000cc'
const IN_FLIGHT = defaultSealOptions.maxInFlight

describe('several batches in flight per destination (Postgres + NATS)', () => {
  let r1: TestRelayer
  let closeMesh: () => Promise<void>
  before(async () => {
    const started = await startTestMesh(mesh, ['r1'])
    ;[r1] = started.relayers as [TestRelayer] // reason: one id asked
    closeMesh = started.close
  })
  after(() => closeMesh())

  /** r1 with its clock moved by `ms`: a queue younger than maxAgeMs seals, a batch proposed now may be late. */
  const at = (ms: number): RelayerContext => ({ ...r1.ctx, clock: { now: () => Date.now() + ms } })
  const batchAt = async (i: number) => (await findBatch(r1.ctx.db, DEST, BigInt(i)))!

  it('proposes up to maxInFlight batches chained on each other while none has its quorum, then waits', async () => {
    // A batch of 3 messages is full: the queue seals at once, IN_FLIGHT times, then the in-flight batches block it.
    const messages = testMessages('pipelined', 3 * (IN_FLIGHT + 1), DEST, recipient)
    await seedMessages(r1.ctx, messages)
    const target = batchDestination(r1.ctx, DEST)
    // Batch 0 by hand: a first batch of a database would read the inbox's chain, and there is no chain here.
    const first = await buildProposal(a1!, {
      domain: target.domain,
      destination: DEST,
      batchIndex: 0n,
      previousBatchHash: ZERO_HASH,
      ids: await listUnbatchedMessages(r1.ctx.db, { destination: DEST, limit: 3 }),
      proposedAt: Date.now(),
    })
    await recordProposal(r1.ctx, first)
    for (let i = 1; i < IN_FLIGHT; i++) assert.equal(await sealNextBatch(r1.ctx, target), 'sealed', `batch ${i}`)
    assert.equal(await sealNextBatch(r1.ctx, target), 'awaiting-signatures')
    for (let i = 0; i < IN_FLIGHT; i++) {
      const batch = await batchAt(i)
      assert.deepEqual([batch.state, batch.messageCount], ['proposed', 3])
      if (i > 0)
        assert.equal(batch.previousBatchHash, (await batchAt(i - 1)).batchHash, `batch ${i} chains on ${i - 1}`)
    }
    assert.equal(await findBatch(r1.ctx.db, DEST, BigInt(IN_FLIGHT)), null)
  })

  it('refuses the oldest at its quorum timeout with every batch chained on it, then proposes again on the live chain', async () => {
    const target = batchDestination(r1.ctx, DEST)
    const oldest = await batchAt(0)
    const late = at(oldest.createdAt.getTime() + quorumTimeoutMs(r1.ctx) - Date.now())
    assert.equal(await sealNextBatch(late, target), 'refused')
    for (let i = 0; i < IN_FLIGHT; i++) assert.equal((await batchAt(i)).state, 'refused')
    assert.equal((await rejectionsWith(r1.ctx, 'BATCH_PREDECESSOR_REFUSED')).length, IN_FLIGHT - 1)
    // Index 0 again (the older half of its batch), then index 1 chained on that new batch 0: not on the refused
    // batch 1's own previous hash, which names the refused batch 0.
    const refusedOne = await batchAt(1)
    assert.equal(await sealNextBatch(at(60_000), target), 'sealed')
    const again = await batchAt(0)
    assert.deepEqual([again.state, again.messageCount], ['proposed', 1])
    assert.notEqual(again.batchHash, oldest.batchHash)
    assert.equal(await sealNextBatch(at(60_000), target), 'sealed')
    const next = await batchAt(1)
    assert.equal(next.state, 'proposed')
    assert.equal(next.previousBatchHash, again.batchHash)
    assert.notEqual(next.previousBatchHash, refusedOne.previousBatchHash)
    const stored = await getBatch(r1.ctx.db, { destination: DEST, batchIndex: 1n })
    const [first] = await r1.ctx.db.$client
      .query<{ id: Buffer }>('SELECT id FROM messages WHERE batch_destination = $1 AND batch_index = 1', [DEST])
      .then((r) => r.rows)
    assert.equal(stored?.messageCount, 1)
    assert.equal((await getMessage(r1.ctx.db, { id: first!.id }))?.state, 'batched')
  })
})
