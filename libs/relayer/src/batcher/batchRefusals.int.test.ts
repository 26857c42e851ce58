import { batcherFor } from './testing/batcherFor.js'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { devAccounts } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { getBatch, getMessage } from '@relaymesh/store'
import { ZERO_HASH } from '../batch/batchHeader.js'
import { latestBatch } from '../batch/latestBatch.js'
import { buildProposal } from './buildProposal.js'
import { cosignProposal } from './cosignProposal.js'
import { batchDestination } from '../batch/batchDestination.js'
import { quorumTimeoutMs, recordProposal, sealNextBatch } from './sealNextBatch.js'
import {
  rejectionsWith,
  seedMessages,
  startTestMesh,
  testMessages,
  type MeshSpec,
  type TestRelayer,
} from './testing/batchHarness.js'

// Its own destination, so the batches of cosign.int.test.ts (which leaves some `proposed`) do not stand in the way.
const DEST = 31358
const [, a1, a2] = devAccounts(3)
const mesh: MeshSpec = {
  chain: {
    domain: DEST,
    rpcUrl: 'http://127.0.0.1:9',
    inbox: '0x00000000000000000000000000000000000000b1',
    outbox: '0x00000000000000000000000000000000000000a1',
  },
  relayers: { r1: a1!, r2: a2! },
  proposer: 'r1',
  threshold: 2,
  // Far beyond any test step on busy cores: only a clock moved past it makes a batch late.
  batch: { cosignDeadlineMs: 10 * 60_000 },
}
const recipient = '0x00000000000000000000000000000000000000cc'

describe('batch refusals and their reason codes (Postgres + NATS)', () => {
  let r1: TestRelayer
  let r2: TestRelayer
  let closeMesh: () => Promise<void>
  before(async () => {
    const started = await startTestMesh(mesh, ['r1', 'r2'])
    ;[r1, r2] = started.relayers as [TestRelayer, TestRelayer] // reason: two ids asked
    closeMesh = started.close
  })
  after(() => closeMesh())

  const propose = (batchIds: Uint8Array[], proposedAt: number) =>
    buildProposal(a1!, {
      domain: { chainId: DEST, inbox: mesh.chain.inbox },
      destination: DEST,
      batchIndex: 0n,
      previousBatchHash: ZERO_HASH,
      ids: batchIds,
      proposedAt,
    })

  it('the proposer refuses its batch that found no quorum in time (BATCH_QUORUM_TIMEOUT) and its messages go back to the queue', async () => {
    const messages = testMessages('no-quorum', 2, DEST, recipient)
    await seedMessages(r1.ctx, messages)
    const target = batchDestination(r1.ctx, DEST)
    const proposal = await propose(
      messages.map((m) => m.id),
      Date.now(),
    )
    await recordProposal(r1.ctx, proposal)
    const proposed = await latestBatch(r1.ctx.db, DEST)
    assert.equal(proposed?.state, 'proposed')
    assert.equal(
      await sealNextBatch(...batcherFor(r1.ctx), target),
      'awaiting-signatures',
      'one signature of two, within the timeout',
    )
    // The same state, read by a clock at the quorum timeout.
    const late = { ...r1.ctx, clock: { now: () => proposed!.createdAt.getTime() + quorumTimeoutMs(r1.ctx) } }
    assert.equal(await sealNextBatch(...batcherFor(late), target), 'refused')
    assert.equal((await getBatch(r1.ctx.db, { destination: DEST, batchIndex: 0n }))?.state, 'refused')
    const rows = await rejectionsWith(r1.ctx, 'BATCH_QUORUM_TIMEOUT')
    assert.deepEqual(
      rows.map((r) => [r.stage, r.details['batchIndex'], r.details['batchHash']]),
      [['batch', '0', proposal.batchHash.slice(2)]],
    )
    for (const m of messages) assert.equal((await getMessage(r1.ctx.db, { id: m.id }))?.batchIndex, null)
  })

  it('a co-signer replaces a proposed batch when the proposer proposes another at that index (BATCH_SUPERSEDED)', async () => {
    const messages = testMessages('superseded', 2, DEST, recipient)
    await seedMessages(r2.ctx, messages)
    const ids = messages.map((m) => m.id)
    const first = await propose(ids, Date.now())
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), first), 'signed')
    assert.equal((await getBatch(r2.ctx.db, { destination: DEST, batchIndex: 0n }))?.state, 'proposed')
    // The proposer refused `first` and proposes the older half at the same index: another hash.
    const again = await propose(ids.slice(0, 1), first.proposedAt + 1_000)
    assert.notEqual(again.batchHash, first.batchHash)
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), again), 'signed')
    const rows = await rejectionsWith(r2.ctx, 'BATCH_SUPERSEDED')
    assert.deepEqual(
      rows.map((r) => [r.stage, r.details['batchIndex'], r.details['batchHash'], r.details['by']]),
      [['batch', '0', first.batchHash.slice(2), again.batchHash]],
    )
    const local = await getBatch(r2.ctx.db, { destination: DEST, batchIndex: 0n })
    assert.equal(local && bytesToHex(local.batchHash), again.batchHash)
    assert.equal(
      (await getMessage(r2.ctx.db, { id: ids[1]! }))?.batchIndex,
      null,
      'the message left out is back in the queue',
    )
  })
})
