import { batcherFor } from './testing/batcherFor.js'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { publish } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import { getBatch, getMessage, refuseBatch } from '@relaymesh/store'
import { batchTypedData } from '../batch/batchHeader.js'
import { batchProposalCodec } from './batchProposalCodec.js'
import { collectSignature } from './collectSignature.js'
import { cosignProposal } from './cosignProposal.js'
import { cosignMemoKey, createCosignMemo } from './CosignMemo.js'
import { recordProposal, publishProposal } from './sealNextBatch.js'
import { startBatcher } from './startBatcher.js'
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
  cosignA3,
  cosignDomain,
  cosignMesh,
  cosignOutsider,
  cosignRecipient,
  createChainedProposer,
} from './testing/cosignMesh.js'

describe('co-signing and signature collection (Postgres + NATS)', () => {
  let r1: TestRelayer
  let r2: TestRelayer
  let closeMesh: () => Promise<void>
  const { at, propose, accept } = createChainedProposer()
  before(async () => {
    const started = await startTestMesh(cosignMesh, ['r1', 'r2'])
    ;[r1, r2] = started.relayers as [TestRelayer, TestRelayer] // reason: two ids asked
    closeMesh = started.close
  })
  after(() => closeMesh())

  it('signs a proposal whose ids it verified, recording the batch with the same hash chain', async () => {
    const messages = testMessages('ok', 5, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    await seedMessages(r2.ctx, messages)
    const proposal = await propose(messages.map((m) => m.id))
    await recordProposal(r1.ctx, proposal)
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'signed')
    const local = await getBatch(r2.ctx.db, { destination: COSIGN_DEST, batchIndex: proposal.header.batchIndex })
    assert.equal(local && bytesToHex(local.batchHash), proposal.batchHash)
    assert.equal((await getMessage(r2.ctx.db, { id: messages[0]!.id }))?.state, 'batched')
    // Its own proposal is skipped by the proposer's co-signer loop.
    assert.equal(await cosignProposal(...batcherFor(r1.ctx), proposal), 'skipped')
    // A redelivery signs again without touching the database.
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'signed')
    accept(proposal)
  })

  it('refuses at once a proposal holding an id it rejected (BATCH_UNVERIFIED_MESSAGE)', async () => {
    const [good, bad] = testMessages('rejected', 2, COSIGN_DEST, cosignRecipient)
    await seedMessages(r2.ctx, [good!, { ...bad!, state: 'rejected', reasonCode: 'RECEIPT_PROOF_INVALID' }])
    const proposal = await propose([good!.id, bad!.id])
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'refused')
    const rows = await rejectionsWith(r2.ctx, 'BATCH_UNVERIFIED_MESSAGE')
    assert.ok(rows.some((r) => r.message_id && bytesToHex(r.message_id) === bytesToHex(bad!.id)))
    assert.equal(await getBatch(r2.ctx.db, { destination: COSIGN_DEST, batchIndex: at.nextIndex }), null)
    assert.equal((await getMessage(r2.ctx.db, { id: good!.id }))?.state, 'verified')
  })

  it('retries an id it has not seen until the deadline, then refuses it', async () => {
    const bogus = randomBytes(32)
    const proposal = await propose([bogus])
    await assert.rejects(
      cosignProposal(...batcherFor(r2.ctx), proposal),
      (e: Error & { code?: string; action?: string }) => {
        assert.equal(e.code, 'BATCH_PENDING_VERIFICATION')
        assert.equal(e.action, 'retry')
        return true
      },
    )
    // Older than the deadline plus the clock skew a co-signer tolerates (default 10 s), by the proposer's clock.
    const late = await propose([bogus], cosignA1!, Date.now() - cosignMesh.batch!.cosignDeadlineMs! - 10_000 - 1)
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), late), 'refused')
    const rows = await rejectionsWith(r2.ctx, 'BATCH_UNVERIFIED_MESSAGE')
    assert.ok(rows.some((r) => r.message_id && Buffer.from(r.message_id).equals(bogus)))
  })

  it('waits the deadline on its own clock from first sight: a proposer clock 5 s behind or ahead neither shortens nor stretches it', async () => {
    const deadline = cosignMesh.batch!.cosignDeadlineMs!
    const clock = r2.ctx.clock
    const seen = clock.now()
    try {
      for (const skew of [-5_000, 5_000]) {
        const memo = createCosignMemo()
        const proposal = await propose([randomBytes(32)], cosignA1!, seen + skew)
        r2.ctx.clock = { now: () => seen }
        await assert.rejects(cosignProposal(...batcherFor(r2.ctx), proposal, memo), {
          code: 'BATCH_PENDING_VERIFICATION',
        })
        r2.ctx.clock = { now: () => seen + deadline - 1_000 }
        await assert.rejects(
          cosignProposal(...batcherFor(r2.ctx), proposal, memo),
          { code: 'BATCH_PENDING_VERIFICATION' },
          `skew ${skew}: still waiting 1 s before the deadline`,
        )
        r2.ctx.clock = { now: () => seen + deadline }
        assert.equal(
          await cosignProposal(...batcherFor(r2.ctx), proposal, memo),
          'refused',
          `skew ${skew}: refused at the deadline`,
        )
      }
    } finally {
      r2.ctx.clock = clock
    }
  })

  it('signs once its own verifier catches up before the deadline', async () => {
    const [m] = testMessages('late', 1, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, [m!])
    const proposal = await propose([m!.id])
    await recordProposal(r1.ctx, proposal)
    await assert.rejects(cosignProposal(...batcherFor(r2.ctx), proposal), { code: 'BATCH_PENDING_VERIFICATION' })
    await seedMessages(r2.ctx, [m!])
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'signed')
    accept(proposal)
  })

  it('with a memo: a redelivery re-checks only the ids it waited for, and a tampered proposal never rides on a remembered check', async () => {
    const memo = createCosignMemo()
    const messages = testMessages('memo', 4, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    await seedMessages(r2.ctx, messages.slice(0, 2))
    const proposal = await propose(messages.map((m) => m.id))
    await recordProposal(r1.ctx, proposal)
    await assert.rejects(cosignProposal(...batcherFor(r2.ctx), proposal, memo), { code: 'BATCH_PENDING_VERIFICATION' })
    const key = cosignMemoKey(proposal)
    assert.ok(memo.verified.has(key), 'the stateless checks passed once and are remembered')
    assert.deepEqual(
      new Set(memo.pending.get(key)?.map((id) => bytesToHex(id))),
      new Set(messages.slice(2).map((m) => bytesToHex(m.id))),
      'it waits for the two ids it lacks',
    )
    // Same batch hash and signature, ids reordered: another key, so the root is checked again and refused.
    const tampered = { ...proposal, ids: [...proposal.ids].reverse() }
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), tampered, memo), 'refused')
    assert.ok(
      (await rejectionsWith(r2.ctx, 'BATCH_ROOT_MISMATCH')).some((r) => r.details.batchHash === proposal.batchHash),
    )
    // One of the two arrives: still pending, now for the last one alone.
    await seedMessages(r2.ctx, messages.slice(2, 3))
    await assert.rejects(cosignProposal(...batcherFor(r2.ctx), proposal, memo), { code: 'BATCH_PENDING_VERIFICATION' })
    assert.deepEqual(
      memo.pending.get(key)?.map((id) => bytesToHex(id)),
      [bytesToHex(messages[3]!.id)],
    )
    await seedMessages(r2.ctx, messages.slice(3))
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal, memo), 'signed')
    assert.equal(memo.pending.has(key), false)
    accept(proposal)
  })

  it('co-signs a batch proposed again with the same messages after its first proposal was refused', async () => {
    const messages = testMessages('again', 3, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    const ids = messages.map((m) => m.id)
    const ac = new AbortController()
    const batcher = startBatcher(r2.ctx, { signal: ac.signal })
    try {
      // r2 has not verified these and the first proposal is past its deadline: refused.
      const first = await propose(ids, cosignA1!, Date.now() - cosignMesh.batch!.cosignDeadlineMs! - 1)
      await recordProposal(r1.ctx, first)
      await publishProposal(r1.ctx, first)
      await waitFor('first proposal refused', async () =>
        (await rejectionsWith(r2.ctx, 'BATCH_UNVERIFIED_MESSAGE')).some((r) => r.details.batchHash === first.batchHash),
      )
      await refuseBatch(r1.ctx.db, {
        destination: COSIGN_DEST,
        batchIndex: first.header.batchIndex,
        reasonCode: 'BATCH_QUORUM_TIMEOUT',
      })
      // r2's verifier catches up; the proposer proposes the same messages again: same header, same hash, new time.
      await seedMessages(r2.ctx, messages)
      const again = await propose(ids)
      assert.equal(again.batchHash, first.batchHash)
      await recordProposal(r1.ctx, again)
      await publishProposal(r1.ctx, again)
      const local = await waitFor(
        'r2 co-signed the second proposal',
        async () => {
          const b = await getBatch(r2.ctx.db, { destination: COSIGN_DEST, batchIndex: again.header.batchIndex })
          return b && bytesToHex(b.batchHash) === again.batchHash ? b : undefined
        },
        2 * 60_000,
      )
      assert.equal(local.state, 'proposed')
      accept(again)
    } finally {
      ac.abort()
      await batcher.done
    }
  })

  it('publishes its signature again for a batch proposed again identical after the proposer refused it (not dropped as a duplicate)', async () => {
    const [m] = testMessages('resign', 1, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, [m!])
    await seedMessages(r2.ctx, [m!])
    const first = await propose([m!.id])
    await recordProposal(r1.ctx, first)
    const stream = r2.ctx.catalogue.streams.mesh.name
    const subject = r2.ctx.catalogue.subjects.signatures(String(COSIGN_DEST))
    const lastSeq = async () => (await r2.ctx.bus.jsm.streams.getMessage(stream, { last_by_subj: subject }))?.seq ?? 0
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), first), 'signed')
    const signedFirst = await lastSeq()
    // The proposer refused `first` before its co-signature was stored (it arrived after the quorum timeout, or while a
    // restarted batcher refused it), and proposes the same single message again: same hash, a new proposal time.
    await refuseBatch(r1.ctx.db, {
      destination: COSIGN_DEST,
      batchIndex: first.header.batchIndex,
      reasonCode: 'BATCH_QUORUM_TIMEOUT',
    })
    const again = await propose([m!.id], cosignA1!, first.proposedAt + 40_000)
    assert.equal(again.batchHash, first.batchHash)
    await recordProposal(r1.ctx, again)
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), again), 'signed')
    assert.ok((await lastSeq()) > signedFirst, 'the second signature reached the stream: the proposer can collect it')
    accept(again)
  })

  it('refuses a proposal from a relayer that is not the configured proposer (BATCH_WRONG_PROPOSER)', async () => {
    const [m] = testMessages('wrong-proposer', 1, COSIGN_DEST, cosignRecipient)
    await seedMessages(r2.ctx, [m!])
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), await propose([m!.id], cosignA3!)), 'refused')
    assert.equal((await rejectionsWith(r2.ctx, 'BATCH_WRONG_PROPOSER')).length, 1)
  })

  it('refuses a proposal whose root does not follow from its ids (BATCH_ROOT_MISMATCH)', async () => {
    const messages = testMessages('root', 2, COSIGN_DEST, cosignRecipient)
    await seedMessages(r2.ctx, messages)
    const proposal = await propose(messages.map((m) => m.id))
    const tampered = { ...proposal, ids: [...proposal.ids].reverse() }
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), tampered), 'refused')
    assert.equal(
      (await rejectionsWith(r2.ctx, 'BATCH_ROOT_MISMATCH')).filter((r) => r.details.batchHash === proposal.batchHash)
        .length,
      1,
    )
  })

  it('collects signatures: drops a forged or outsider signature (BATCH_SIGNATURE_INVALID), reaches quorum with a valid one', async () => {
    const messages = testMessages('collect', 3, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    await seedMessages(r2.ctx, messages)
    const proposal = await propose(messages.map((m) => m.id))
    await recordProposal(r1.ctx, proposal)
    // r2 holds the batch too, so the next proposal extends the chain it knows.
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), proposal), 'signed')
    const base = { destination: COSIGN_DEST, batchIndex: proposal.header.batchIndex, batchHash: proposal.batchHash }
    const typed = batchTypedData(proposal.header, cosignDomain)
    // r3's signature claimed as r2's, and an outsider's own signature.
    const forged = { ...base, signer: cosignA2!.address, signature: await cosignA3!.signTypedData(typed) }
    const foreign = { ...base, signer: cosignOutsider!.address, signature: await cosignOutsider!.signTypedData(typed) }
    assert.equal(await collectSignature(...batcherFor(r1.ctx), forged), 'rejected')
    assert.equal(await collectSignature(...batcherFor(r1.ctx), foreign), 'rejected')
    assert.equal((await rejectionsWith(r1.ctx, 'BATCH_SIGNATURE_INVALID')).length, 2)
    assert.equal((await getBatch(r1.ctx.db, base))?.state, 'proposed')
    const valid = { ...base, signer: cosignA2!.address, signature: await cosignA2!.signTypedData(typed) }
    assert.equal(await collectSignature(...batcherFor(r1.ctx), valid), 'quorum')
    const batch = await getBatch(r1.ctx.db, base)
    assert.equal(batch?.state, 'signed')
    assert.equal(batch?.signatures.length, 2)
    accept(proposal)
  })

  it('runs the handshake over the mesh stream: r1 publishes, r2 co-signs, r1 reaches quorum', async () => {
    const messages = testMessages('mesh', 4, COSIGN_DEST, cosignRecipient)
    await seedMessages(r1.ctx, messages)
    await seedMessages(r2.ctx, messages)
    // Recorded before r1's batcher starts: otherwise its own proposer loop may seal these messages first.
    const proposal = await propose(messages.map((m) => m.id))
    await recordProposal(r1.ctx, proposal)
    const ac = new AbortController()
    const batchers = [startBatcher(r1.ctx, { signal: ac.signal }), startBatcher(r2.ctx, { signal: ac.signal })]
    try {
      await publishProposal(r1.ctx, proposal)
      const batch = await waitFor('quorum', async () => {
        const b = await getBatch(r1.ctx.db, { destination: COSIGN_DEST, batchIndex: proposal.header.batchIndex })
        return b?.state === 'signed' ? b : undefined
      })
      assert.deepEqual(
        batch.signatures.map((s) => bytesToHex(s.signer)).sort(),
        [cosignA1!.address, cosignA2!.address].map((a) => a.toLowerCase()).sort(),
      )
      accept(proposal)
    } finally {
      ac.abort()
      await Promise.all(batchers.map((b) => b.done))
    }
  })

  it('dead-letters a proposal whose id run is cut short (BUS_DECODE_FAILED): recorded, never co-signed', async () => {
    const messages = testMessages('cut', 3, COSIGN_DEST, cosignRecipient)
    await seedMessages(r2.ctx, messages)
    const proposal = await propose(messages.map((m) => m.id))
    const whole = batchProposalCodec.encode(proposal)
    // Signed by the configured proposer and valid but for its last id, which lost 5 bytes on the way.
    const cut = whole.subarray(0, whole.length - 5)
    const ac = new AbortController()
    const batcher = startBatcher(r2.ctx, { signal: ac.signal })
    try {
      await publish(r1.ctx.bus, r1.ctx.catalogue.subjects.proposals(String(COSIGN_DEST)), cut, {
        codec: { contentType: batchProposalCodec.contentType, encode: (b: Uint8Array) => b, decode: (b) => b },
        msgId: `cut:${proposal.batchHash}`,
      })
      const rows = await waitFor('the dead letter recorded', async () => {
        const found = await rejectionsWith(r2.ctx, 'BUS_DECODE_FAILED')
        return found.find((r) => r.details['msgId'] === `cut:${proposal.batchHash}`)
      })
      assert.equal(rows.stage, 'dead-letter')
      assert.match(String(rows.details['message']), /ids need/)
    } finally {
      ac.abort()
      await batcher.done
    }
    assert.equal(await getBatch(r2.ctx.db, { destination: COSIGN_DEST, batchIndex: proposal.header.batchIndex }), null)
    for (const m of messages) assert.equal((await getMessage(r2.ctx.db, { id: m.id }))?.state, 'verified')
  })
})
