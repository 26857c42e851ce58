/**
 * `relaymesh attester` restarted on a chain that now shows other commitments
 * for slots it signed (startAttester.int.test.ts has it signing them): it
 * refuses to sign them (ATTESTER_EQUIVOCATION_REFUSED), never serves a second
 * signature for a slot, and its spans say so as the guide's span table does.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { buildSlotCommitment } from '@relaymesh/solana'
import { getAttestation } from '@relaymesh/store'
import { createTelemetry } from '@relaymesh/telemetry'
import { startOtlpReceiver } from '@relaymesh/telemetry/testing'
import { readGuideSpanTable } from '../../../../deploy/guideSpanTable.js'
import type { SignedCommitmentResponse } from '../solana/collectCommitmentSignatures.js'
import { attestSlotCommitment } from './attestSlotCommitment.js'
import {
  DOMAIN,
  fakeChain,
  get,
  HASHES,
  key,
  SLOTS_PER_EPOCH,
  startAttesterHarness,
  TOKEN,
  waitSigned,
  type AttesterHarness,
} from './testing/attesterHarness.js'

describe('relaymesh attester', () => {
  let h: AttesterHarness
  before(async () => {
    h = await startAttesterHarness()
    // What the signing tests leave behind: fork 0 signed up to slot 23 (epochs 0 and 2, less the empty slots).
    const { attester, stop } = await h.run(fakeChain(23, 0))
    try {
      await waitSigned(attester, 23)
    } finally {
      await stop()
    }
  })
  after(async () => {
    await h?.close()
  })

  it('restarted on a chain with other commitments for signed slots: refuses them, records nothing new, serves no second signature', async () => {
    const before = await getAttestation(h.store.db, { domain: DOMAIN, slot: 17, signer: key.publicKey })
    assert.ok(before)
    const { attester, stop } = await h.run(fakeChain(25, 1))
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
      await getAttestation(h.store.db, { domain: DOMAIN, slot: 17, signer: key.publicKey }),
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
    await assert.rejects(attestSlotCommitment(h.store.db, key, forked), {
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
      (await attestSlotCommitment(h.store.db, key, same)).signature,
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
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
    })
    // Fork 0 again: 25 was signed on fork 1 above (refused now; 24 has no block), 26 and 27 are new.
    const { attester, stop } = await h.run(fakeChain(27, 0), 100, undefined, telemetry.tracer)
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
