import { batcherFor } from './testing/batcherFor.js'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import {
  getBatch,
  getBatchMessageIds,
  getMessage,
  listUnbatchedMessages,
  refuseBatch,
  storeBatchSignatures,
  transitionBatch,
} from '@relaymesh/store'
import { batchTypedData, ZERO_HASH } from '../batch/batchHeader.js'
import { latestBatch } from '../batch/latestBatch.js'
import { reopenedBatch } from '../batch/reopenedBatch.js'
import { collectSignature } from './collectSignature.js'
import { batchDestination } from '../batch/batchDestination.js'
import { recordProposal, sealNextBatch } from './sealNextBatch.js'
import {
  rejectionsWith,
  seedMessages,
  startTestMesh,
  testMessages,
  waitFor,
  type TestRelayer,
} from './testing/batchHarness.js'
import {
  COSIGN_DEST,
  cosignA1,
  cosignA2,
  cosignDomain,
  cosignMesh,
  cosignRecipient,
  createChainedProposer,
} from './testing/cosignMesh.js'

describe('co-signing: batches that found no quorum or were refused (Postgres + NATS)', () => {
  let r1: TestRelayer
  let closeMesh: () => Promise<void>
  const { at, propose, accept } = createChainedProposer()
  before(async () => {
    const started = await startTestMesh(cosignMesh, ['r1'])
    ;[r1] = started.relayers as [TestRelayer] // reason: one id asked
    closeMesh = started.close
  })
  after(() => closeMesh())

  it('proposes the older half of a batch that found no quorum (a co-signer behind sees those first)', async () => {
    await seedMessages(r1.ctx, testMessages('half', 6, COSIGN_DEST, cosignRecipient))
    const queued = await listUnbatchedMessages(r1.ctx.db, { destination: COSIGN_DEST, limit: 1_000 })
    assert.ok(queued.length >= 6)
    const first = await propose(queued)
    await recordProposal(r1.ctx, first)
    await refuseBatch(r1.ctx.db, {
      destination: COSIGN_DEST,
      batchIndex: first.header.batchIndex,
      reasonCode: 'BATCH_QUORUM_TIMEOUT',
    })
    await waitFor(
      'the next proposal sealed',
      async () => (await sealNextBatch(...batcherFor(r1.ctx), batchDestination(r1.ctx, COSIGN_DEST))) === 'sealed',
    )
    const again = await getBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: first.header.batchIndex })
    assert.equal(again?.state, 'proposed')
    assert.equal(again?.messageCount, Math.floor(queued.length / 2))
    const ids = await getBatchMessageIds(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: first.header.batchIndex })
    assert.deepEqual(
      ids.map((id) => bytesToHex(id)),
      queued.slice(0, Math.floor(queued.length / 2)).map((id) => bytesToHex(id)),
    )
  })

  // The proposer's batch K reached a quorum that the inbox rejects (a co-signature checked against the batch K
  // replaced at its quorum timeout, stored under the same index: UnknownSigner); meanwhile K+1, chained on K, was
  // proposed. The settler refuses K. Before, K+1 stayed, the proposer went on at K+2 and the settler, whose lowest
  // signed batch was past the inbox's next index, waited for ever: the destination stopped executing.
  it('proposes again at the index of a signed batch the inbox refused: the later batches chained on it are refused with it', async () => {
    const live = await latestBatch(r1.ctx.db, COSIGN_DEST)
    at.nextIndex = (live?.batchIndex ?? -1n) + 1n
    at.previous = live?.batchHash ?? ZERO_HASH
    const before = at.previous
    const messages = testMessages('successor', 4, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    const k = await propose(messages.slice(0, 2).map((m) => m.id))
    await recordProposal(r1.ctx, k)
    await transitionBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: k.header.batchIndex, to: 'signed' })
    accept(k)
    const successor = await propose(messages.slice(2).map((m) => m.id))
    await recordProposal(r1.ctx, successor)
    await transitionBatch(r1.ctx.db, {
      destination: COSIGN_DEST,
      batchIndex: successor.header.batchIndex,
      to: 'signed',
    })
    // What submitSignedBatch does when the inbox will not accept K.
    const refused = await refuseBatch(r1.ctx.db, {
      destination: COSIGN_DEST,
      batchIndex: k.header.batchIndex,
      reasonCode: 'TX_REVERTED',
      details: { errorName: 'UnknownSigner' },
    })
    assert.deepEqual(refused, { released: 4, successors: 1 })
    const gone = await getBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: successor.header.batchIndex })
    assert.deepEqual([gone?.state, gone?.signatures.length], ['refused', 0])
    assert.equal((await getMessage(r1.ctx.db, { id: messages[3]!.id }))?.state, 'verified')
    assert.ok(
      (await rejectionsWith(r1.ctx, 'BATCH_PREDECESSOR_REFUSED')).some(
        (r) => r.details.batchHash === successor.batchHash.slice(2),
      ),
    )
    // The next proposal takes K's index again, chained on K-1, not K+2.
    await waitFor(
      'the next proposal sealed',
      async () => (await sealNextBatch(...batcherFor(r1.ctx), batchDestination(r1.ctx, COSIGN_DEST))) === 'sealed',
      60_000,
    )
    const again = await getBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: k.header.batchIndex })
    assert.equal(again?.state, 'proposed')
    assert.notEqual(again && bytesToHex(again.batchHash), k.batchHash)
    assert.equal(again && bytesToHex(again.previousBatchHash), before)
    assert.equal(
      await getBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: successor.header.batchIndex + 1n }),
      null,
    )
  })

  it('drops a co-signature checked against a batch that was refused and replaced at its index before it was stored', async () => {
    // The previous tests left batches collecting signatures: the lowest refused (the rest with it), its index is the
    // next one.
    const collecting = await r1.ctx.db.$client.query<{ batch_index: string }>(
      "SELECT batch_index FROM batches WHERE destination = $1 AND state = 'proposed' ORDER BY batch_index LIMIT 1",
      [COSIGN_DEST],
    )
    for (const row of collecting.rows)
      await refuseBatch(r1.ctx.db, {
        destination: COSIGN_DEST,
        batchIndex: BigInt(row.batch_index),
        reasonCode: 'BATCH_QUORUM_TIMEOUT',
      })
    const slot = await reopenedBatch(r1.ctx.db, COSIGN_DEST)
    assert.ok(slot, 'a refused index to reuse')
    at.nextIndex = slot.batchIndex
    at.previous = slot.previousBatchHash
    const messages = testMessages('stale-signature', 2, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    const first = await propose([messages[0]!.id])
    await recordProposal(r1.ctx, first)
    // r2's signature over `first` passes collectSignature's checks; then the proposer's quorum timeout refuses `first`
    // and proposes `second` at the same index, before the signature is stored.
    const signature = await cosignA2!.signTypedData(batchTypedData(first.header, cosignDomain))
    await refuseBatch(r1.ctx.db, {
      destination: COSIGN_DEST,
      batchIndex: first.header.batchIndex,
      reasonCode: 'BATCH_QUORUM_TIMEOUT',
    })
    const second = await propose(messages.map((m) => m.id))
    await recordProposal(r1.ctx, second)
    const key = { destination: COSIGN_DEST, batchIndex: first.header.batchIndex }
    assert.equal(
      await storeBatchSignatures(r1.ctx.db, {
        ...key,
        batchHash: hexToBytes(first.batchHash),
        signatures: [{ signer: hexToBytes(cosignA2!.address), signature: hexToBytes(signature) }],
      }),
      0,
    )
    const batch = await getBatch(r1.ctx.db, key)
    assert.deepEqual(
      batch?.signatures.map((s) => bytesToHex(s.signer)),
      [cosignA1!.address.toLowerCase()],
    )
    // r2's own signature over `second` still counts.
    const valid = {
      ...key,
      batchHash: second.batchHash,
      signer: cosignA2!.address,
      signature: await cosignA2!.signTypedData(batchTypedData(second.header, cosignDomain)),
    }
    assert.equal(await collectSignature(...batcherFor(r1.ctx), valid), 'quorum')
  })
})
