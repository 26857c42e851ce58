import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { getAddress, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { buildProposal } from './buildProposal.js'
import { collectSignature } from './collectSignature.js'
import { cosignProposal } from './cosignProposal.js'
import { createCosignMemo } from './CosignMemo.js'
import { quorumTimeoutMsOf } from './decideSeal.js'
import { republishProposal } from './republishProposal.js'
import { sealNextBatch, type SealMemory } from './sealNextBatch.js'
import { createInMemoryBatcher, type InMemoryBatcher } from './testing/createInMemoryBatcher.js'
import { verifyProposal } from './verifyProposal.js'
import { ZERO_HASH } from '../batch/batchHeader.js'

const domain = { destination: 31356, chainId: 31356, inbox: getAddress(`0x${'11'.repeat(20)}`) }
const target = { destination: domain.destination, domain: { chainId: domain.chainId, inbox: domain.inbox } }
const [a1, a2] = [0, 1].map(() => privateKeyToAccount(generatePrivateKey()))
const relayers = { r1: a1!.address, r2: a2!.address }

/** A mesh of r1 (the proposer) and r2 under `threshold`; r3 holds a key outside the relayer set. */
function mesh(threshold = 2) {
  const spec = { relayers, proposer: 'r1', threshold, domain }
  return {
    r1: createInMemoryBatcher({ ...spec, account: a1!, relayerId: 'r1' }),
    r2: createInMemoryBatcher({ ...spec, account: a2!, relayerId: 'r2' }),
  }
}

const ids = (n: number) => Array.from({ length: n }, () => new Uint8Array(randomBytes(32)))

/** The same verified messages in every relayer's store. */
function verifiedEverywhere(relayers: InMemoryBatcher[], messages: Uint8Array[]): void {
  for (const r of relayers) for (const id of messages) r.addMessage(id, 'verified')
}

const seal = (r: InMemoryBatcher) => sealNextBatch(r.deps, r.options, target)
const stateOf = (r: InMemoryBatcher, batchIndex = 0n) => r.batches.get(`${domain.destination}:${batchIndex}`)?.row.state
const proposalOf = (messages: Uint8Array[], proposedAt: number) =>
  buildProposal(a1!, {
    domain: target.domain,
    destination: domain.destination,
    batchIndex: 0n,
    previousBatchHash: ZERO_HASH,
    ids: messages,
    proposedAt,
  })

describe('batcher shell (in memory)', () => {
  it('seals an aged queue, records it with its own signature and publishes a proposal that verifies', async () => {
    const { r1 } = mesh()
    const messages = ids(3)
    verifiedEverywhere([r1], messages)
    assert.equal(await seal(r1), 'idle', 'a fresh queue waits for maxAgeMs')
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await seal(r1), 'sealed')
    assert.equal(r1.published.proposals.length, 1)
    const [proposal] = r1.published.proposals
    assert.deepEqual(proposal!.ids, messages)
    assert.equal(proposal!.header.batchIndex, 0n)
    assert.equal(proposal!.header.previousBatchHash, ZERO_HASH, 'the first batch continues the inbox chain')
    await verifyProposal(proposal!, { domain: target.domain, proposer: a1!.address })
    assert.equal(stateOf(r1), 'proposed')
    assert.equal(r1.batches.get(`${domain.destination}:0`)?.signatures.length, 1)
    assert.equal(await seal(r1), 'awaiting-signatures', 'one batch in flight')
    assert.equal(await republishProposal(r1.deps, domain.destination), true)
    assert.deepEqual(r1.published.proposals[1], proposal, 'republished as proposed')
  })

  it('refuses its batch at the quorum timeout and proposes the released messages again at the same index', async () => {
    const { r1 } = mesh()
    verifiedEverywhere([r1], ids(2))
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await seal(r1), 'sealed')
    r1.time.now += quorumTimeoutMsOf(r1.options.batch.cosignDeadlineMs) - 1
    assert.equal(await seal(r1), 'awaiting-signatures')
    r1.time.now += 1
    assert.equal(await seal(r1), 'refused')
    assert.equal(stateOf(r1), 'refused')
    assert.equal(await seal(r1), 'sealed', 'the released messages are old enough already')
    assert.equal(r1.published.proposals[1]?.header.batchIndex, 0n)
    assert.equal(stateOf(r1), 'proposed')
  })

  it('after a refusal holds back messages verified since, less again once a quorum comes quickly', async () => {
    const { r1, r2 } = mesh()
    const memory: SealMemory = { holdbackMs: 0 }
    const step = (r: InMemoryBatcher) => sealNextBatch(r.deps, r.options, target, memory)
    const old = ids(1)
    verifiedEverywhere([r1], old)
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await step(r1), 'sealed')
    r1.time.now += quorumTimeoutMsOf(r1.options.batch.cosignDeadlineMs)
    const fresh = ids(2)
    verifiedEverywhere([r1], fresh) // verified at the refusal: a lagging co-signer has not got them yet
    assert.equal(await step(r1), 'refused')
    assert.equal(memory.holdbackMs, r1.options.batch.cosignDeadlineMs / 2)
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await step(r1), 'sealed')
    assert.deepEqual(r1.published.proposals[1]?.ids, old, 'only the message verified before the holdback')
    // r2 signs within a second: the quorum halves the holdback.
    verifiedEverywhere([r2], old)
    await cosignProposal(r2.deps, r2.options, r1.published.proposals[1]!, createCosignMemo())
    r1.time.now += 1_000
    assert.equal(await collectSignature(r1.deps, r1.options, r2.published.signatures[0]!), 'quorum')
    assert.equal(await step(r1), 'idle', 'the fresh messages are still held back')
    assert.equal(memory.holdbackMs, r1.options.batch.cosignDeadlineMs / 4)
    r1.time.now += r1.options.batch.cosignDeadlineMs / 4
    assert.equal(await step(r1), 'sealed')
    assert.deepEqual(r1.published.proposals[2]?.ids, fresh)
  })

  it('promotes its own batch at once under threshold 1', async () => {
    const { r1 } = mesh(1)
    verifiedEverywhere([r1], ids(1))
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await seal(r1), 'sealed')
    assert.equal(await seal(r1), 'sealed')
    assert.equal(stateOf(r1), 'signed')
  })

  it('co-signs a proposal whose messages are all verified here', async () => {
    const { r2 } = mesh()
    const messages = ids(3)
    verifiedEverywhere([r2], messages)
    const proposal = await proposalOf(messages, r2.time.now)
    assert.equal(await cosignProposal(r2.deps, r2.options, proposal), 'signed')
    assert.equal(r2.published.signatures.length, 1)
    assert.equal(r2.published.signatures[0]?.signer, a2!.address)
    assert.equal(stateOf(r2), 'proposed', 'recorded locally with the same index and hash')
    assert.equal(await cosignProposal(r1Of(r2), r2.options, proposal), 'skipped', 'never its own')
  })

  it('waits while a message is not verified here, then refuses at the co-sign deadline; signs nothing', async () => {
    const { r2 } = mesh()
    const [verified, observed] = ids(2)
    r2.addMessage(verified!, 'verified')
    r2.addMessage(observed!, 'observed')
    const proposal = await proposalOf([verified!, observed!], r2.time.now)
    const memo = createCosignMemo()
    await assert.rejects(cosignProposal(r2.deps, r2.options, proposal, memo), { code: 'BATCH_PENDING_VERIFICATION' })
    r2.time.now += r2.options.batch.cosignDeadlineMs - 1
    await assert.rejects(cosignProposal(r2.deps, r2.options, proposal, memo), { code: 'BATCH_PENDING_VERIFICATION' })
    r2.time.now += 1
    assert.equal(await cosignProposal(r2.deps, r2.options, proposal, memo), 'refused')
    assert.equal(r2.published.signatures.length, 0)
    assert.equal(stateOf(r2), undefined, 'nothing recorded')
    assert.deepEqual(
      r2.rejections.map((r) => [r.reasonCode, r.messageId && Buffer.from(r.messageId).toString('hex')]),
      [
        ['BATCH_UNVERIFIED_MESSAGE', undefined],
        ['BATCH_UNVERIFIED_MESSAGE', Buffer.from(observed!).toString('hex')],
      ],
    )
  })

  it('refuses at once a proposal holding a message rejected here', async () => {
    const { r2 } = mesh()
    const [verified, rejected] = ids(2)
    r2.addMessage(verified!, 'verified')
    r2.addMessage(rejected!, 'rejected')
    assert.equal(
      await cosignProposal(r2.deps, r2.options, await proposalOf([verified!, rejected!], r2.time.now)),
      'refused',
    )
    assert.equal(r2.published.signatures.length, 0)
  })

  it('collects co-signatures to the quorum, rejecting one from outside the relayer set', async () => {
    const r3 = privateKeyToAccount(generatePrivateKey())
    const { r1, r2 } = mesh(2)
    verifiedEverywhere([r1, r2], ids(4))
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await seal(r1), 'sealed')
    const proposal = r1.published.proposals[0]!
    assert.equal(await cosignProposal(r2.deps, r2.options, proposal), 'signed')
    const signature = r2.published.signatures[0]!
    const foreign = { ...signature, signer: r3.address, signature: (await r3.signMessage({ message: 'x' })) as Hex }
    assert.equal(await collectSignature(r1.deps, r1.options, foreign), 'rejected')
    assert.equal(stateOf(r1), 'proposed')
    assert.equal(await collectSignature(r2.deps, r2.options, signature), 'skipped', 'r2 is not the proposer')
    assert.equal(await collectSignature(r1.deps, r1.options, signature), 'quorum')
    assert.equal(stateOf(r1), 'signed')
    assert.equal(r1.rejections[0]?.reasonCode, 'BATCH_SIGNATURE_INVALID')
  })

  it('stores a co-signature short of the quorum', async () => {
    const { r1, r2 } = mesh(3)
    verifiedEverywhere([r1, r2], ids(1))
    r1.time.now += r1.options.batch.maxAgeMs
    assert.equal(await seal(r1), 'sealed')
    assert.equal(await cosignProposal(r2.deps, r2.options, r1.published.proposals[0]!), 'signed')
    assert.equal(await collectSignature(r1.deps, r1.options, r2.published.signatures[0]!), 'stored')
    assert.equal(stateOf(r1), 'proposed')
  })
})

/** r2's deps with r1's account: a proposal r1 made is its own. */
const r1Of = (r2: InMemoryBatcher) => ({ ...r2.deps, account: a1! })
