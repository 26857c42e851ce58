/**
 * Equivocation evidence between relayers, on the real Postgres and NATS: a committee member that
 * serves relayer r1 one signed commitment for a slot and r2 another is caught. r2's collector sees the member's
 * signature over another commitment than its own (ATTESTER_COMMITMENT_CONFLICT, recorded with the evidence) and
 * shares it; r1 keeps it, asks the signers again and gets the member's other signature: both relayers end up
 * holding the same equivocation proof, which `verifyEquivocationProof` accepts offline. A third signer that hangs up
 * on every request is absent from the answers and reported (SIGNER_UNREACHABLE, with the cause) each time it is asked.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { connectBus, createBusCatalogue, type ConnectBusReturnType } from '@relaymesh/bus'
import {
  buildSlotCommitment,
  createDevCommittee,
  prepareCommittee,
  signSlotCommitment,
  verifyEquivocationProof,
  type SlotCommitment,
} from '@relaymesh/solana'
import { createDb, listEquivocations, migrate, type CreateDbReturnType } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type SignedCommitmentResponse,
  type SignerFailure,
} from './collectCommitmentSignatures.js'
import { toEquivocationProof } from './createCommitmentEvidence.js'
import { startCommitmentEvidence } from './startCommitmentEvidence.js'

const DOMAIN = 900
const { committee, keys } = createDevCommittee({ epoch: 0, size: 2, stakes: [30n, 10n] })
const [honest, liar] = keys as [(typeof keys)[number], (typeof keys)[number]] // reason: two keys
const schedule = [{ fromEpoch: 0, members: [...committee.members] }]
const at = (blockhash: string): SlotCommitment =>
  buildSlotCommitment({ domain: DOMAIN, slot: 7, blockhash, slotsPerEpoch: 32, messagesBefore: 0, ids: [] })
const real = at('11111111111111111111111111111111')
const fork = at('SysvarC1ock11111111111111111111111111111111')
const TOKENS = { r1: 'relayer-r1-token-0123456789', r2: 'relayer-r2-token-0123456789' }
const answer = (key: typeof honest, c: SlotCommitment): SignedCommitmentResponse => ({
  commitment: c,
  signer: key.publicKey,
  // reason: one key, one signature
  signature: Buffer.from(signSlotCommitment([key], c)[0]?.signature as Uint8Array).toString('base64'),
})

/** A signer serving each token its own answer (the liar: the real commitment to r1, a fork to r2). */
async function signer(answers: Record<string, SignedCommitmentResponse>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    const a = answers[token]
    res.writeHead(a ? 200 : 404, { 'content-type': 'application/json' }).end(a ? JSON.stringify(a) : '{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server } // reason: a TCP server's address
}

/** A signer that hangs up on every request without an answer. */
async function hangingUpSigner(): Promise<{ url: string; server: Server }> {
  const server = createServer((req) => req.socket.destroy())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server } // reason: a TCP server's address
}

describe('equivocation evidence shared between relayers', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  const stores: CreateDbReturnType[] = []
  const buses: ConnectBusReturnType[] = []
  const servers: Server[] = []
  const stop = new AbortController()
  const ns = testBusNamespace()

  before(async () => {
    dbs = await createTestDatabases(['r1', 'r2'])
  })
  after(async () => {
    stop.abort()
    for (const s of servers) s.close()
    for (const b of buses) await b.close()
    for (const s of stores) await s.close()
    await dbs?.drop()
    await ns.cleanup()
  })

  it('a member serving two relayers two commitments for a slot: ATTESTER_COMMITMENT_CONFLICT at one, the same proof at both', async () => {
    const honestSigner = await signer({ [TOKENS.r1]: answer(honest, real), [TOKENS.r2]: answer(honest, real) })
    const lyingSigner = await signer({ [TOKENS.r1]: answer(liar, real), [TOKENS.r2]: answer(liar, fork) })
    const deadSigner = await hangingUpSigner()
    servers.push(honestSigner.server, lyingSigner.server, deadSigner.server)
    const signerUrls = [honestSigner.url, lyingSigner.url, deadSigner.url]
    const chain = { domain: DOMAIN, committee: { schedule, signerUrls } }
    const relayers = await Promise.all(
      (['r1', 'r2'] as const).map(async (relayerId) => {
        const store = createDb({ connectionString: dbs.url(relayerId), max: 2 })
        await migrate(store.db)
        const bus = await connectBus({ servers: TEST_NATS_URL, name: `evidence-${relayerId}` })
        stores.push(store)
        buses.push(bus)
        const fetchSigned = createHttpFetchSignedCommitment(TOKENS[relayerId])
        const catalogue = createBusCatalogue({ relayerId, subjectRoot: ns.subjectRoot, streamPrefix: ns.streamPrefix })
        const logger = createLogger({ name: `evidence-${relayerId}`, level: 'silent' })
        const signerFailures: SignerFailure[] = []
        const evidence = startCommitmentEvidence({ db: store.db, nc: bus.nc, catalogue, relayerId, logger }, chain, {
          fetchSigned,
          onSignerFailure: (failure) => signerFailures.push(failure),
          signal: stop.signal,
        })
        await bus.nc.flush() // the subscription is registered before anything is shared
        return { relayerId, store, fetchSigned, evidence, signerFailures }
      }),
    )
    // Both relayers computed the real commitment; both reach quorum on the honest member's 30 of 40 stake.
    for (const r of relayers) {
      const signatures = await collectCommitmentSignatures(r.fetchSigned, {
        signerUrls: chain.committee.signerUrls,
        committee: prepareCommittee(committee),
        commitment: real,
        onConflict: r.evidence.onConflict,
      })
      assert.ok(signatures.some((s) => s.signer === honest.publicKey))
    }
    const [r1, r2] = relayers as [(typeof relayers)[number], (typeof relayers)[number]] // reason: two relayers
    const conflict = await waitUntil(
      async () => {
        const { rows } = await r2.store.db.$client.query(
          `SELECT reason_code, details FROM rejections WHERE reason_code = 'ATTESTER_COMMITMENT_CONFLICT'`,
        )
        // reason: the row's columns
        return rows[0] as { reason_code: string; details: { signer: string; slot: number } } | undefined
      },
      'r2 records the conflict',
      60_000,
      50,
    )
    assert.deepEqual(
      [conflict.reason_code, conflict.details.signer, conflict.details.slot],
      ['ATTESTER_COMMITMENT_CONFLICT', liar.publicKey, 7],
    )
    const { rows: none } = await r1.store.db.$client.query(
      `SELECT 1 FROM rejections WHERE reason_code = 'ATTESTER_COMMITMENT_CONFLICT'`,
    )
    assert.equal(none.length, 0, 'r1 saw no conflict: the liar told it the truth')
    const proofs = await Promise.all(
      relayers.map((r) =>
        waitUntil(
          async () => {
            const [proof] = await listEquivocations(r.store.db, { limit: 10 })
            return proof ? toEquivocationProof(proof) : undefined
          },
          `${r.relayerId} holds the proof`,
          60_000,
          50,
        ),
      ),
    )
    for (const proof of proofs) {
      const checked = verifyEquivocationProof(proof, { schedule })
      assert.deepEqual(
        [checked.signer, checked.slot, [checked.first.blockhash, checked.second.blockhash].sort()],
        [liar.publicKey, 7, [real.blockhash, fork.blockhash].sort()],
      )
    }
    // r1 completed its proof from what it asked the signers again after r2 shared: the one that hung up was reported.
    assert.ok(r1.signerFailures.length > 0, 'r1 asked the signers again and reported the one that hung up')
    for (const { signerUrl, error } of r1.signerFailures) {
      assert.deepEqual(
        [signerUrl, error.code, error.action, error.meta['signer'], error.meta['slot']],
        [deadSigner.url, 'SIGNER_UNREACHABLE', 'retry', deadSigner.url, 7],
      )
      assert.ok(error.cause instanceof Error, 'the transport failure is kept as the cause')
    }
    const { rows: kept } = await r1.store.db.$client.query(
      'SELECT observed_by FROM observed_commitments ORDER BY observed_by',
    )
    assert.deepEqual(
      kept.map((k: { observed_by: string }) => k.observed_by),
      ['r1', 'r2'],
      "r1 kept r2's evidence and its own answer from the liar",
    )
  })
})
