/**
 * `relaymesh attester` on the real Postgres, with the chain
 * behind its `AttesterChain` interface: it signs the finalized slots of the
 * epochs its key sits on, serves them only to relayers with a token (rate
 * limited), and the relayers' own collector reaches quorum from it; restarted
 * on the same chain, it carries on its running count from what it recorded.
 * Its refusals on a chain that changed under it: startAttesterRefusals.int.test.ts.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildSlotCommitment, prepareCommittee } from '@relaymesh/solana'
import { createLogger } from '@relaymesh/telemetry'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type SignedCommitmentResponse,
} from '../solana/collectCommitmentSignatures.js'
import {
  countBefore,
  DOMAIN,
  fakeChain,
  get,
  HASHES,
  key,
  schedule,
  SLOTS_PER_EPOCH,
  startAttesterHarness,
  TOKEN,
  waitSigned,
  type AttesterHarness,
} from './testing/attesterHarness.js'
import { startAttester } from './startAttester.js'

describe('relaymesh attester', () => {
  let h: AttesterHarness
  before(async () => {
    h = await startAttesterHarness()
  })
  after(async () => {
    await h?.close()
  })

  it("signs the slots of its epochs, serves them to token holders only, and the relayers' collector reaches quorum", async () => {
    const { attester, stop } = await h.run(fakeChain(23, 0))
    try {
      await waitSigned(attester, 23)
      assert.equal((await get(attester, '/v1/commitments/3')).status, 401)
      assert.equal((await get(attester, '/v1/commitments/3', `${TOKEN}x`)).status, 401)
      assert.equal((await get(attester, '/v1/commitments/4', TOKEN)).status, 404, 'no block at slot 4')
      assert.equal((await get(attester, '/v1/commitments/9', TOKEN)).status, 404, 'epoch 1: not on the committee')
      const commitment = buildSlotCommitment({
        domain: DOMAIN,
        slot: 17,
        blockhash: HASHES[0],
        slotsPerEpoch: SLOTS_PER_EPOCH,
        messagesBefore: 0,
        ids: [],
      })
      const committee = prepareCommittee({ epoch: 2, members: schedule[2]?.members ?? [] })
      const signatures = await collectCommitmentSignatures(createHttpFetchSignedCommitment(TOKEN), {
        signerUrls: [attester.url],
        committee,
        commitment,
      })
      assert.deepEqual(
        signatures.map((s) => s.signer),
        [key.publicKey],
        '30 of 40 stake: quorum from this attester',
      )
      await assert.rejects(
        collectCommitmentSignatures(createHttpFetchSignedCommitment(), {
          signerUrls: [attester.url],
          committee,
          commitment,
        }),
        { code: 'BLOCK_NOT_FINAL' },
      )
      // The running count it carried slot by slot: epoch 2 = slots 16-23, two messages in slots 18 and 21.
      const served = await Promise.all(
        [17, 18, 20, 21, 22].map(
          async (slot) =>
            ((await (await get(attester, `/v1/commitments/${slot}`, TOKEN)).json()) as SignedCommitmentResponse)
              .commitment,
        ),
      )
      assert.deepEqual(
        served.map((c) => [c.slot, c.messagesBefore, c.messageCount]),
        [
          [17, 0, 0],
          [18, 0, 2],
          [20, 2, 0],
          [21, 2, 2],
          [22, 4, 0],
        ],
      )
      assert.deepEqual(
        served.map((c) => c.messagesBefore),
        [17, 18, 20, 21, 22].map(countBefore),
        "the same as the chain's own count",
      )
      assert.equal((await get(attester, '/healthz')).status, 200)
      assert.equal((await get(attester, '/readyz')).status, 200)
      const metrics = await (await get(attester, '/metrics')).text()
      assert.match(
        metrics,
        /relaymesh_attester_signed_total 14\n/,
        'slots 0-7 and 16-23 (epochs 0 and 2) less the empty 4 and 19',
      )
      assert.match(metrics, /relaymesh_attester_unauthorized_total [1-9]/)
    } finally {
      await stop()
    }
  })

  it("restarted on the same chain, finds its running count from the nearest slot it signed, not the chain's whole epoch", async () => {
    // keepSlots 3 at finalized 23: the run starts at slot 20 (epoch 2), mid-epoch, with records at 16-23 from the first
    // test.
    const reads = { slots: 0 }
    const { attester, stop } = await h.run(fakeChain(23, 0, reads), 100, 3)
    try {
      await waitSigned(attester, 23)
      const served = ((await (await get(attester, '/v1/commitments/21', TOKEN)).json()) as SignedCommitmentResponse)
        .commitment
      assert.deepEqual([served.messagesBefore, served.messageCount], [2, 2], 'the same count as the first run')
      assert.equal(reads.slots, 0, 'its record of slot 20 is the count: no slot read from the chain')
      // Slot 17 is below the slots it keeps in memory (it started at 20): a relayer that far behind still gets the
      // signature recorded in the first run, and reaches quorum with it.
      const commitment = buildSlotCommitment({
        domain: DOMAIN,
        slot: 17,
        blockhash: HASHES[0],
        slotsPerEpoch: SLOTS_PER_EPOCH,
        messagesBefore: 0,
        ids: [],
      })
      const committee = prepareCommittee({ epoch: 2, members: schedule[2]?.members ?? [] })
      const signatures = await collectCommitmentSignatures(createHttpFetchSignedCommitment(TOKEN), {
        signerUrls: [attester.url],
        committee,
        commitment,
      })
      assert.deepEqual(
        signatures.map((s) => s.signer),
        [key.publicKey],
      )
      assert.equal(
        (await get(attester, '/v1/commitments/4', TOKEN)).status,
        404,
        'still nothing for a slot it never signed',
      )
      assert.equal((await get(attester, '/v1/commitments/99', TOKEN)).status, 404, 'nor for one it has not reached')
    } finally {
      await stop()
    }
    // No record at 20 and 21 (as if it had been down), start at 20: from its record of 18 plus the chain's count of
    // slot 19.
    await h.store.db.$client.query('DELETE FROM attestations WHERE domain = $1 AND slot IN (20, 21)', [DOMAIN])
    const gap = { slots: 0 }
    const restarted = await h.run(fakeChain(23, 0, gap), 100, 3)
    try {
      await waitSigned(restarted.attester, 23)
      const served = (
        (await (await get(restarted.attester, '/v1/commitments/21', TOKEN)).json()) as SignedCommitmentResponse
      ).commitment
      assert.deepEqual([served.messagesBefore, served.messageCount], [2, 2])
      assert.equal(gap.slots, 1, 'one slot read from the chain')
    } finally {
      await restarted.stop()
    }
  })

  it('refuses to start without a relayer token to serve (CONFIG_INVALID, fatal)', async () => {
    await assert.rejects(
      startAttester({
        db: h.store.db,
        key,
        chain: fakeChain(2, 0),
        schedule,
        tokens: [],
        rateLimit: { ratePerSecond: 1, burst: 1 },
        host: '127.0.0.1',
        port: 0,
        logger: createLogger({ name: 'attester-test', level: 'silent' }),
        signal: new AbortController().signal,
        clock: { now: () => 0 },
      }),
      { code: 'CONFIG_INVALID', action: 'fatal' },
    )
  })

  it('rate limits signature requests per client', async () => {
    const { attester, stop } = await h.run(fakeChain(2, 0), 3)
    try {
      await waitSigned(attester, 2)
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await get(attester, '/v1/commitments/1', TOKEN)).status)
      assert.deepEqual(statuses, [200, 200, 200, 429, 429])
    } finally {
      await stop()
    }
  })
})
