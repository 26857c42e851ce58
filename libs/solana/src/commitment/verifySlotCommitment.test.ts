import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import bs58 from 'bs58'
import { createMerkleTree, domains, keccak256, bytesToHex, type Hex } from '@relaymesh/protocol'
import { createDevCommittee } from '../devnet/createDevCommittee.js'
import { signSlotCommitment } from '../devnet/signSlotCommitment.js'
import { committeeForEpoch } from './committeeForEpoch.js'
import { encodeSlotCommitment, SLOT_COMMITMENT_BYTES } from './encodeSlotCommitment.js'
import { prepareCommittee } from './prepareCommittee.js'
import { slotMessagesRoot } from './slotMessagesRoot.js'
import type { SlotCommitment } from './SlotCommitment.js'
import { verifyMessageInCommitment } from './verifyMessageInCommitment.js'
import { verifySlotCommitment } from './verifySlotCommitment.js'

const ids: Hex[] = Array.from({ length: 5 }, (_, i) => bytesToHex(keccak256(new Uint8Array([i]))))
const tree = createMerkleTree(ids)
// Stakes 40/30/20/10: {40,30} = 70% passes, {40,20,10} = 70% passes, {30,20,10} = 60% fails, {40,30} - exact 2/3 cases
// below.
const { committee, keys } = createDevCommittee({ epoch: 7, size: 4, stakes: [40n, 30n, 20n, 10n] })
const commitment: SlotCommitment = {
  domain: domains.solanaLocal,
  epoch: 7,
  slot: 123_456,
  blockhash: bs58.encode(new Uint8Array(32).fill(3)),
  messagesBefore: 1_000,
  ...slotMessagesRoot(ids),
}

describe('verifySlotCommitment', () => {
  it('accepts more than 2/3 of the stake, with plain or prepared committee', () => {
    const signatures = signSlotCommitment([keys[0]!, keys[1]!], commitment)
    assert.deepEqual(verifySlotCommitment(committee, commitment, signatures), {
      signedStake: 70n,
      totalStake: 100n,
      signers: 2,
    })
    const prepared = prepareCommittee(committee)
    assert.equal(verifySlotCommitment(prepared, commitment, signSlotCommitment(keys, commitment)).signedStake, 100n)
  })
  it('COMMITTEE_INSUFFICIENT_STAKE at 2/3 or less', () => {
    assert.throws(() => verifySlotCommitment(committee, commitment, signSlotCommitment(keys.slice(1), commitment)), {
      code: 'COMMITTEE_INSUFFICIENT_STAKE',
    })
    assert.throws(() => verifySlotCommitment(committee, commitment, []), { code: 'COMMITTEE_INSUFFICIENT_STAKE' })
    const thirds = createDevCommittee({ epoch: 7, size: 3 }) // exactly 2/3 is not enough
    assert.throws(
      () => verifySlotCommitment(thirds.committee, commitment, signSlotCommitment(thirds.keys.slice(0, 2), commitment)),
      { code: 'COMMITTEE_INSUFFICIENT_STAKE' },
    )
  })
  it('COMMITTEE_UNKNOWN_SIGNER for a key outside the committee', () => {
    const outsider = createDevCommittee({ epoch: 7, size: 1, seed: 'outsider' }).keys
    assert.throws(
      () => verifySlotCommitment(committee, commitment, signSlotCommitment([...keys, ...outsider], commitment)),
      { code: 'COMMITTEE_UNKNOWN_SIGNER' },
    )
  })
  it('COMMITTEE_DUPLICATE_SIGNER: one member cannot count twice', () => {
    const [a, b] = signSlotCommitment([keys[0]!, keys[3]!], commitment)
    assert.throws(() => verifySlotCommitment(committee, commitment, [a!, b!, a!]), {
      code: 'COMMITTEE_DUPLICATE_SIGNER',
    })
  })
  it('COMMITTEE_WRONG_EPOCH for a commitment from another epoch', () => {
    const other = { ...commitment, epoch: 8 }
    assert.throws(() => verifySlotCommitment(committee, other, signSlotCommitment(keys, other)), {
      code: 'COMMITTEE_WRONG_EPOCH',
    })
  })
  it('COMMITTEE_BAD_SIGNATURE for a tampered field or signature', () => {
    const signatures = signSlotCommitment(keys, commitment)
    for (const tampered of [
      { ...commitment, slot: 123_457 },
      { ...commitment, messageCount: 4 },
      { ...commitment, messagesBefore: 999 },
      { ...commitment, domain: domains.solana },
      { ...commitment, messagesRoot: ids[0]! },
    ]) {
      assert.throws(() => verifySlotCommitment(committee, tampered, signatures), { code: 'COMMITTEE_BAD_SIGNATURE' })
    }
    const flipped = signatures.map((s, i) =>
      i === 2 ? { ...s, signature: s.signature.map((b, j) => (j === 0 ? b ^ 1 : b)) } : s,
    )
    assert.throws(() => verifySlotCommitment(committee, commitment, flipped), { code: 'COMMITTEE_BAD_SIGNATURE' })
    const short = signatures.map((s) => ({ ...s, signature: s.signature.subarray(0, 63) }))
    assert.throws(() => verifySlotCommitment(committee, commitment, short), { code: 'COMMITTEE_BAD_SIGNATURE' })
  })
  it('COMMITTEE_INVALID for a bad committee; COMMITMENT_INVALID for bad fields', () => {
    assert.throws(() => prepareCommittee({ epoch: 0, members: [] }), { code: 'COMMITTEE_INVALID', action: 'fatal' })
    assert.throws(() => prepareCommittee({ epoch: 0, members: [{ pubkey: 'abc', stake: 1n }] }), {
      code: 'COMMITTEE_INVALID',
    })
    assert.throws(() => prepareCommittee({ epoch: 0, members: [...committee.members, committee.members[0]!] }), {
      code: 'COMMITTEE_INVALID',
    })
    assert.throws(() => encodeSlotCommitment({ ...commitment, blockhash: '1111' }), { code: 'COMMITMENT_INVALID' })
    assert.throws(() => encodeSlotCommitment({ ...commitment, slot: -1 }), { code: 'COMMITMENT_INVALID' })
    assert.throws(() => encodeSlotCommitment({ ...commitment, messagesBefore: -1 }), { code: 'COMMITMENT_INVALID' })
    assert.throws(
      () => encodeSlotCommitment({ ...commitment, messagesBefore: 2 ** 40 - 4 }),
      { code: 'COMMITMENT_INVALID' },
      'the epoch numbering must hold all 5',
    )
  })
})

describe('encodeSlotCommitment', () => {
  it('is tag ++ domain ++ epoch ++ slot ++ blockhash ++ messagesBefore ++ count ++ root (v2, 126 bytes)', () => {
    const bytes = encodeSlotCommitment(commitment)
    assert.equal(bytes.length, SLOT_COMMITMENT_BYTES)
    assert.equal(bytes.length, 126)
    assert.equal(Buffer.from(bytes.subarray(0, 30)).toString(), 'relaymesh:solana-commitment:v2')
    const view = Buffer.from(bytes)
    assert.equal(view.readUInt32BE(30), domains.solanaLocal)
    assert.equal(view.readBigUInt64BE(34), 7n)
    assert.equal(view.readBigUInt64BE(42), 123_456n)
    assert.deepEqual(bytes.subarray(50, 82), new Uint8Array(32).fill(3))
    assert.equal(view.readBigUInt64BE(82), 1_000n)
    assert.equal(view.readUInt32BE(90), 5)
    assert.equal(bytesToHex(bytes.subarray(94)), tree.root)
  })
})

describe('verifyMessageInCommitment', () => {
  it('accepts every leaf with its proof', () => {
    ids.forEach((id, i) => verifyMessageInCommitment(commitment, id, i, tree.proof(i)))
    ids.forEach((_, i) => verifyMessageInCommitment(commitment, keccak256(new Uint8Array([i])), i, tree.proof(i)))
  })
  it('MESSAGE_NOT_IN_COMMITMENT for another id, index, size or an empty slot', () => {
    const stranger = bytesToHex(keccak256(new Uint8Array([99])))
    assert.throws(() => verifyMessageInCommitment(commitment, stranger, 0, tree.proof(0)), {
      code: 'MESSAGE_NOT_IN_COMMITMENT',
    })
    assert.throws(() => verifyMessageInCommitment(commitment, ids[1]!, 2, tree.proof(1)), {
      code: 'MESSAGE_NOT_IN_COMMITMENT',
    })
    assert.throws(() => verifyMessageInCommitment(commitment, ids[4]!, 5, tree.proof(4)), {
      code: 'MESSAGE_NOT_IN_COMMITMENT',
    })
    assert.throws(() => verifyMessageInCommitment({ ...commitment, messageCount: 9 }, ids[1]!, 1, tree.proof(1)), {
      code: 'MESSAGE_NOT_IN_COMMITMENT',
    })
    assert.throws(() => verifyMessageInCommitment({ ...commitment, ...slotMessagesRoot([]) }, ids[0]!, 0, []), {
      code: 'MESSAGE_NOT_IN_COMMITMENT',
    })
  })
})

describe('committeeForEpoch', () => {
  const a = createDevCommittee({ epoch: 0, size: 2, seed: 'a' }).committee.members
  const b = createDevCommittee({ epoch: 0, size: 2, seed: 'b' }).committee.members
  it('rotates per epoch', () => {
    const schedule = [
      { fromEpoch: 2, members: a },
      { fromEpoch: 10, members: b },
    ]
    assert.equal(committeeForEpoch(schedule, 2).members, a)
    assert.equal(committeeForEpoch(schedule, 9).members, a)
    assert.deepEqual(committeeForEpoch(schedule, 10), { epoch: 10, members: b })
    assert.throws(() => committeeForEpoch(schedule, 1), { code: 'COMMITTEE_WRONG_EPOCH' })
    assert.throws(() => committeeForEpoch([...schedule].reverse(), 12), { code: 'COMMITTEE_INVALID' })
  })
  it('a rotated-out committee cannot sign for the new epoch', () => {
    const devA = createDevCommittee({ epoch: 0, size: 2, seed: 'a' })
    const next = { ...commitment, epoch: 10 }
    const committee10 = committeeForEpoch(
      [
        { fromEpoch: 0, members: a },
        { fromEpoch: 10, members: b },
      ],
      10,
    )
    assert.throws(() => verifySlotCommitment(committee10, next, signSlotCommitment(devA.keys, next)), {
      code: 'COMMITTEE_UNKNOWN_SIGNER',
    })
  })
})

describe('verifySlotMessages', () => {
  it('accepts the slot ids in order and rejects any change', async () => {
    const { verifySlotMessages } = await import('./verifySlotMessages.js')
    verifySlotMessages(commitment, ids)
    assert.throws(() => verifySlotMessages(commitment, [...ids].reverse()), { code: 'MESSAGE_NOT_IN_COMMITMENT' })
    assert.throws(() => verifySlotMessages(commitment, ids.slice(1)), { code: 'MESSAGE_NOT_IN_COMMITMENT' })
    assert.throws(() => verifySlotMessages(commitment, []), { code: 'MESSAGE_NOT_IN_COMMITMENT' })
  })
  it('takes the ids packed as extractSlotMessages returns them, with the same root and count', async () => {
    const { verifySlotMessages } = await import('./verifySlotMessages.js')
    const packed = new Uint8Array(32 * ids.length)
    ids.forEach((id, i) => packed.set(keccak256(new Uint8Array([i])), 32 * i))
    assert.deepEqual(slotMessagesRoot(packed), slotMessagesRoot(ids))
    assert.deepEqual(slotMessagesRoot(new Uint8Array(0)), slotMessagesRoot([]))
    verifySlotMessages(commitment, packed)
    assert.throws(() => verifySlotMessages(commitment, packed.subarray(32)), { code: 'MESSAGE_NOT_IN_COMMITMENT' })
    assert.throws(() => verifySlotMessages(commitment, packed.subarray(1)), { code: 'MERKLE_LEAVES_MALFORMED' })
  })
})
