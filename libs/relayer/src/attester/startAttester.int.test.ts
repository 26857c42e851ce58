/**
 * `relaymesh attester` on the real Postgres, with the chain
 * behind its `AttesterChain` interface: it signs the finalized slots of the
 * epochs its key sits on, serves them only to relayers with a token (rate
 * limited), and the relayers' own collector reaches quorum from it; restarted
 * on a chain that now shows other commitments for signed slots, it refuses
 * to sign them (ATTESTER_EQUIVOCATION_REFUSED) and never serves a second
 * signature for a slot.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  buildSlotCommitment,
  devKeyFromSeed,
  prepareCommittee,
  type CommitteeSchedule,
  type SlotCommitment,
} from '@relaymesh/solana'
import { createDb, getAttestation, migrate, type CreateDbReturnType } from '@relaymesh/store'
import { readFileSync } from 'node:fs'
import { createLogger, createTelemetry, type Tracer } from '@relaymesh/telemetry'
import { startOtlpReceiver } from '@relaymesh/telemetry/testing'
import { readGuideSpanTable } from '../../../../deploy/guideSpanTable.js'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type SignedCommitmentResponse,
} from '../solana/collectCommitmentSignatures.js'
import { createTestDatabases } from '../testing/testInfra.js'
import { attestSlotCommitment } from './attestSlotCommitment.js'
import { startAttester, type Attester, type AttesterChain } from './startAttester.js'

const key = devKeyFromSeed(createHash('sha256').update('attester-test').digest())
const other = devKeyFromSeed(createHash('sha256').update('attester-test-other').digest())
const TOKEN = 'relayer-r1-token-0123456789'
const SLOTS_PER_EPOCH = 8
const DOMAIN = 900
const HASHES = ['11111111111111111111111111111111', 'SysvarC1ock11111111111111111111111111111111'] as const
// Epoch 0 and 2: this key and another; epoch 1: the other key alone (this attester must not sign it).
const schedule: CommitteeSchedule = [
  {
    fromEpoch: 0,
    members: [
      { pubkey: key.publicKey, stake: 30n },
      { pubkey: other.publicKey, stake: 10n },
    ],
  },
  { fromEpoch: 1, members: [{ pubkey: other.publicKey, stake: 10n }] },
  {
    fromEpoch: 2,
    members: [
      { pubkey: key.publicKey, stake: 30n },
      { pubkey: other.publicKey, stake: 10n },
    ],
  },
]

const ID = `0x${'ab'.repeat(32)}` as const
/** Outbox message ids of a slot: two in every third slot (slots % 5 === 4 have no block). */
const idsAt = (slot: number) => (slot % 5 !== 4 && slot % 3 === 0 ? [ID, ID] : [])
/** The epoch's messages before a slot, as the chain shows them. */
const countBefore = (slot: number) => {
  let n = 0
  for (let s = slot - (slot % SLOTS_PER_EPOCH); s < slot; s++) n += idsAt(s).length
  return n
}
/**
 * A chain of `finalized` slots whose blocks hash to HASHES[fork] (another fork: other commitments for the same
 * slots); `reads` counts the slots whose messages a count read from the chain went through.
 */
function fakeChain(finalized: number, fork: 0 | 1, reads = { slots: 0 }): AttesterChain {
  return {
    domain: DOMAIN,
    slotsPerEpoch: SLOTS_PER_EPOCH,
    finalizedSlot: async () => finalized,
    messagesBefore: async (slot) => {
      reads.slots += slot % SLOTS_PER_EPOCH
      return countBefore(slot)
    },
    messagesBetween: async (from, to) => {
      let n = 0
      for (let s = from; s <= to; s++) n += idsAt(s).length
      reads.slots += Math.max(0, to - from + 1)
      return n
    },
    commitmentAt: async (slot, messagesBefore): Promise<SlotCommitment | null> =>
      slot % 5 === 4
        ? null
        : buildSlotCommitment({
            domain: DOMAIN,
            slot,
            blockhash: HASHES[fork],
            slotsPerEpoch: SLOTS_PER_EPOCH,
            messagesBefore,
            ids: idsAt(slot),
          }),
  }
}

describe('relaymesh attester', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let store: CreateDbReturnType
  const logger = createLogger({ name: 'attester-test', level: 'silent' })
  const run = async (chain: AttesterChain, burst = 100, keepSlots?: number, tracer?: Tracer) => {
    const stop = new AbortController()
    const attester = await startAttester({
      db: store.db,
      key,
      chain,
      schedule,
      tokens: [TOKEN],
      rateLimit: { ratePerSecond: 1, burst },
      host: '127.0.0.1',
      port: 0,
      logger,
      signal: stop.signal,
      clock: { now: () => performance.now() },
      pollIntervalMs: 20,
      keepSlots,
      tracer,
    })
    return {
      attester,
      stop: async () => {
        stop.abort()
        await attester.done
      },
    }
  }
  const waitSigned = async (attester: Attester, slot: number) => {
    const deadline = Date.now() + 60_000
    while (attester.lastSigned() < slot && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
    assert.ok(attester.lastSigned() >= slot, `processed up to ${slot}`)
  }
  const get = (attester: Attester, path: string, token?: string) =>
    fetch(`${attester.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

  before(async () => {
    dbs = await createTestDatabases(['attester'])
    store = createDb({ connectionString: dbs.url('attester'), max: 2 })
    await migrate(store.db)
  })
  after(async () => {
    await store?.close()
    await dbs?.drop()
  })

  it("signs the slots of its epochs, serves them to token holders only, and the relayers' collector reaches quorum", async () => {
    const { attester, stop } = await run(fakeChain(23, 0))
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
    // keepSlots 3 at finalized 23: the run starts at slot 20 (epoch 2), mid-epoch, with records at 16-23 from the first test.
    const reads = { slots: 0 }
    const { attester, stop } = await run(fakeChain(23, 0, reads), 100, 3)
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
    // No record at 20 and 21 (as if it had been down), start at 20: from its record of 18 plus the chain's count of slot 19.
    await store.db.$client.query('DELETE FROM attestations WHERE domain = $1 AND slot IN (20, 21)', [DOMAIN])
    const gap = { slots: 0 }
    const restarted = await run(fakeChain(23, 0, gap), 100, 3)
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

  it('rate limits signature requests per client', async () => {
    const { attester, stop } = await run(fakeChain(2, 0), 3)
    try {
      await waitSigned(attester, 2)
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await get(attester, '/v1/commitments/1', TOKEN)).status)
      assert.deepEqual(statuses, [200, 200, 200, 429, 429])
    } finally {
      await stop()
    }
  })

  it('restarted on a chain with other commitments for signed slots: refuses them, records nothing new, serves no second signature', async () => {
    const before = await getAttestation(store.db, { domain: DOMAIN, slot: 17, signer: key.publicKey })
    assert.ok(before)
    const { attester, stop } = await run(fakeChain(25, 1))
    try {
      await waitSigned(attester, 25)
      // Slot 17 is served as it was signed (the recorded commitment of the first chain), never for the other fork.
      const served = (await (await get(attester, '/v1/commitments/17', TOKEN)).json()) as SignedCommitmentResponse
      assert.deepEqual(
        [served.commitment.blockhash, served.signature],
        [HASHES[0], Buffer.from(before.signature).toString('base64')],
        'slot 17 is not served for the other fork',
      )
      assert.equal((await get(attester, '/v1/commitments/25', TOKEN)).status, 200, 'a new slot is signed')
      assert.match(
        await (await get(attester, '/metrics')).text(),
        /relaymesh_attester_equivocations_refused_total 14\n/,
        'every slot it had signed',
      )
    } finally {
      await stop()
    }
    assert.deepEqual(
      await getAttestation(store.db, { domain: DOMAIN, slot: 17, signer: key.publicKey }),
      before,
      'the first record stands',
    )
    const forked = buildSlotCommitment({
      domain: DOMAIN,
      slot: 17,
      blockhash: HASHES[1],
      slotsPerEpoch: SLOTS_PER_EPOCH,
      messagesBefore: 0,
      ids: [],
    })
    await assert.rejects(attestSlotCommitment(store.db, key, forked), {
      code: 'ATTESTER_EQUIVOCATION_REFUSED',
      action: 'reject',
    })
    const same = buildSlotCommitment({
      domain: DOMAIN,
      slot: 17,
      blockhash: HASHES[0],
      slotsPerEpoch: SLOTS_PER_EPOCH,
      messagesBefore: 0,
      ids: [],
    })
    assert.equal(
      (await attestSlotCommitment(store.db, key, same)).signature,
      Buffer.from(before.signature).toString('base64'),
      'the same commitment: the recorded signature',
    )
  })

  it("exports relaymesh.attest per slot it signs (ERROR with the code for a refused one) and relaymesh.attester.serve per request, as the guide's span table says", async () => {
    const receiver = await startOtlpReceiver()
    const telemetry = createTelemetry({
      serviceName: 'relaymesh-attester',
      relayerId: 'a1',
      registerGlobal: false,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    })
    // Fork 0 again: 25 was signed on fork 1 above (refused now; 24 has no block), 26 and 27 are new.
    const { attester, stop } = await run(fakeChain(27, 0), 100, undefined, telemetry.tracer)
    try {
      await waitSigned(attester, 27)
      const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
      assert.equal(
        (
          await fetch(`${attester.url}/v1/commitments/26`, {
            headers: { authorization: `Bearer ${TOKEN}`, traceparent: caller },
          })
        ).status,
        200,
      )
      assert.equal((await get(attester, '/v1/commitments/26')).status, 401)
      assert.equal((await get(attester, '/v1/commitments/9', TOKEN)).status, 404)
      assert.equal((await get(attester, '/healthz')).status, 200)
    } finally {
      await stop()
    }
    await telemetry.forceFlush()
    const spans = await receiver.waitFor((all) => all.filter((x) => x.name === 'relaymesh.attester.serve').length >= 3)
    await telemetry.shutdown()
    await receiver.close()
    const attest = spans.filter((x) => x.name === 'relaymesh.attest')
    const bySlot = new Map(attest.map((x) => [x.attributes['relaymesh.block.number'], x]))
    assert.equal(bySlot.get(26)?.status.code, 0, 'a new slot: not an error (status unset)')
    assert.deepEqual(
      [bySlot.get(25)?.status.code, bySlot.get(25)?.attributes['relaymesh.reason_code']],
      [2, 'ATTESTER_EQUIVOCATION_REFUSED'],
    )
    assert.equal(bySlot.get(21)?.attributes['relaymesh.messages'], 2)
    const serve = spans.filter((x) => x.name === 'relaymesh.attester.serve')
    assert.deepEqual(
      serve.map((x) => x.attributes['http.response.status_code']).sort(),
      [200, 401, 404],
      'signature requests only (not /healthz)',
    )
    assert.equal(
      serve.find((x) => x.attributes['http.response.status_code'] === 200)?.links[0]?.traceId,
      '0af7651916cd43dd8448eb211c80319c',
      'linked to the caller',
    )
    const table = readGuideSpanTable(readFileSync(new URL('../../../../deploy/README.md', import.meta.url), 'utf8'))
    for (const x of spans) {
      const row = table.get(x.name)
      assert.ok(row, `${x.name} is in the guide's span table`)
      assert.equal(x.parentSpanId, undefined, `${x.name}: a root, as the guide says (${row.parent ?? 'none'})`)
      assert.equal(row.parent, undefined)
      for (const a of row.always) assert.ok(a in x.attributes, `${x.name} carries ${a}`)
      for (const a of Object.keys(x.attributes))
        assert.ok(row.always.includes(a) || row.sometimes.includes(a), `${x.name}: ${a} is in the guide`)
      assert.equal(x.serviceName, 'relaymesh-attester')
    }
  })
})
