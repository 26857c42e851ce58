import assert from 'node:assert/strict'
import { sign } from 'node:crypto'
import { describe, it } from 'node:test'
import bs58 from 'bs58'
import { bytesToHex, domains, keccak256, type Hex } from '@relaymesh/protocol'
import { createDevCommittee } from '../devnet/createDevCommittee.js'
import { signSlotCommitment } from '../devnet/signSlotCommitment.js'
import { solanaMessageNonce } from '../slot/solanaMessageNonce.js'
import { assertCountsChain, type CommittedRange } from './assertCountsChain.js'
import { decodeSlotCommitment } from './decodeSlotCommitment.js'
import { encodeSlotCommitment, SLOT_COMMITMENT_BYTES } from './encodeSlotCommitment.js'
import { slotMessagesRoot } from './slotMessagesRoot.js'
import type { SlotCommitment } from './SlotCommitment.js'
import { verifyCommittedNonce } from './verifyCommittedNonce.js'
import { verifySlotCommitment } from './verifySlotCommitment.js'

const ids: Hex[] = Array.from({ length: 3 }, (_, i) => bytesToHex(keccak256(new Uint8Array([i]))))
const commitment: SlotCommitment = {
  domain: domains.solanaLocal,
  epoch: 4,
  slot: 2_000,
  blockhash: bs58.encode(new Uint8Array(32).fill(9)),
  messagesBefore: 40,
  ...slotMessagesRoot(ids),
}

describe('solanaMessageNonce (dense, per epoch)', () => {
  it('is epoch << 40 | index: consecutive indices share bitmap words, every epoch starts its own range', () => {
    assert.equal(solanaMessageNonce(0, 0), 0n)
    assert.equal(solanaMessageNonce(2, 5), (2n << 40n) | 5n)
    assert.equal(
      solanaMessageNonce(4, 255) >> 8n,
      solanaMessageNonce(4, 0) >> 8n,
      '256 messages of an epoch share one word',
    )
    assert.ok(solanaMessageNonce(5, 0) > solanaMessageNonce(4, 2 ** 40 - 1))
  })
  it('is above every former slot << 16 | position nonce of the same or an earlier epoch (mainnet epochs)', () => {
    const epoch = 700
    const lastOldNonce = (BigInt((epoch + 1) * 432_000 - 1) << 16n) | 0xffffn
    assert.ok(solanaMessageNonce(epoch, 0) > lastOldNonce)
  })
  it('COMMITMENT_INVALID out of range', () => {
    assert.throws(() => solanaMessageNonce(-1, 0), { code: 'COMMITMENT_INVALID' })
    assert.throws(() => solanaMessageNonce(2 ** 24, 0), { code: 'COMMITMENT_INVALID' })
    assert.throws(() => solanaMessageNonce(0, 2 ** 40), { code: 'COMMITMENT_INVALID' })
  })
})

describe('verifyCommittedNonce', () => {
  it('accepts epoch << 40 | (messagesBefore + index) for each leaf', () => {
    for (let i = 0; i < 3; i++) verifyCommittedNonce(commitment, (4n << 40n) | BigInt(40 + i), i)
  })
  it('NONCE_NOT_COMMITTED for a nonce off the committed count, from another epoch, the old slot rule, or an index outside the slot', () => {
    const bad: [bigint, number][] = [
      [(4n << 40n) | 41n, 0],
      [(4n << 40n) | 39n, 0],
      [(3n << 40n) | 40n, 0],
      [(2_000n << 16n) | 0n, 0],
      [(4n << 40n) | 43n, 3],
      [(4n << 40n) | 40n, -1],
    ]
    for (const [nonce, index] of bad)
      assert.throws(
        () => verifyCommittedNonce(commitment, nonce, index),
        { code: 'NONCE_NOT_COMMITTED' },
        `${nonce} at ${index}`,
      )
  })
})

describe('the count is bound by the committee signature', () => {
  const { committee, keys } = createDevCommittee({ epoch: 4, size: 3 })
  it('COMMITTEE_BAD_SIGNATURE for a count changed after signing', () => {
    const signatures = signSlotCommitment(keys, commitment)
    verifySlotCommitment(committee, commitment, signatures)
    assert.throws(() => verifySlotCommitment(committee, { ...commitment, messagesBefore: 0 }, signatures), {
      code: 'COMMITTEE_BAD_SIGNATURE',
    })
  })
  it('a v1 signature (118 bytes, v1 tag: no count) never verifies as v2', () => {
    const v1 = Buffer.alloc(118)
    v1.write('relaymesh:solana-commitment:v1')
    const signatures = keys.map((k) => ({
      signer: k.publicKey,
      signature: new Uint8Array(sign(null, v1, k.privateKey)),
    }))
    assert.notEqual(SLOT_COMMITMENT_BYTES, 118)
    assert.throws(() => verifySlotCommitment(committee, commitment, signatures), { code: 'COMMITTEE_BAD_SIGNATURE' })
  })
})

describe('decodeSlotCommitment', () => {
  it('is the inverse of encodeSlotCommitment', () => {
    assert.deepEqual(decodeSlotCommitment(encodeSlotCommitment(commitment)), commitment)
  })
  it('COMMITMENT_INVALID for a v1 encoding, another length or a non-canonical field', () => {
    const bytes = encodeSlotCommitment(commitment)
    const v1 = Uint8Array.from(bytes)
    v1.set(new TextEncoder().encode('relaymesh:solana-commitment:v1'))
    const bigCount = Uint8Array.from(bytes)
    new DataView(bigCount.buffer).setBigUint64(82, 2n ** 41n)
    for (const bad of [v1, bytes.subarray(0, 118), bigCount])
      assert.throws(() => decodeSlotCommitment(bad), { code: 'COMMITMENT_INVALID' })
  })
})

describe('assertCountsChain', () => {
  const r = (slot: number, messagesBefore: number, messageCount: number, epoch = 4): CommittedRange => ({
    slot,
    epoch,
    messagesBefore,
    messageCount,
  })
  const known = [r(100, 0, 3), r(120, 3, 2), r(150, 9, 1)]
  it('accepts chained ranges, a gap, a redelivery, and other epochs', () => {
    assertCountsChain(known, r(160, 10, 4))
    assertCountsChain(known, r(130, 5, 2))
    assertCountsChain(known, r(130, 6, 0))
    assertCountsChain(known, r(120, 3, 2))
    assertCountsChain(known, r(99, 0, 5, 3))
  })
  it('COMMITMENT_COUNT_OVERLAP for a range overlapping an earlier or a later slot, or a second range for a slot', () => {
    for (const c of [r(160, 9, 1), r(130, 4, 1), r(130, 5, 5), r(110, 0, 1), r(120, 3, 3), r(50, 0, 1)]) {
      assert.throws(() => assertCountsChain(known, c), { code: 'COMMITMENT_COUNT_OVERLAP' }, JSON.stringify(c))
    }
  })
})
