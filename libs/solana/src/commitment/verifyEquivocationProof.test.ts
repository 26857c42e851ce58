import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import { createDevCommittee } from '../devnet/createDevCommittee.js'
import { signSlotCommitment } from '../devnet/signSlotCommitment.js'
import { buildSlotCommitment } from '../slot/buildSlotCommitment.js'
import { encodeSlotCommitment } from './encodeSlotCommitment.js'
import type { SlotCommitment } from './SlotCommitment.js'
import {
  verifyEquivocationProof,
  type EquivocationProof,
  type SignedSlotCommitment,
} from './verifyEquivocationProof.js'

const { committee, keys } = createDevCommittee({ epoch: 0, size: 2, stakes: [10n, 10n] })
const [member, other] = keys as [(typeof keys)[number], (typeof keys)[number]] // reason: two keys
const at = (slot: number, blockhash: string): SlotCommitment =>
  buildSlotCommitment({ domain: 900, slot, blockhash, slotsPerEpoch: 32, messagesBefore: 0, ids: [] })
const signed = (key: typeof member, c: SlotCommitment): SignedSlotCommitment => ({
  commitment: bytesToHex(encodeSlotCommitment(c)),
  // reason: one key, one signature
  signature: Buffer.from(signSlotCommitment([key], c)[0]?.signature as Uint8Array).toString('base64'),
})
const A = at(5, '11111111111111111111111111111111')
const B = at(5, 'SysvarC1ock11111111111111111111111111111111')
const proof: EquivocationProof = { signer: member.publicKey, first: signed(member, A), second: signed(member, B) }
const refused = (reason: RegExp) => (e: Error & { code?: string }) =>
  e.code === 'EQUIVOCATION_PROOF_INVALID' && reason.test(e.message)

describe('verifyEquivocationProof', () => {
  it('holds for two different commitments of one slot signed by one member key, on its committee', () => {
    const checked = verifyEquivocationProof(proof, { schedule: [{ fromEpoch: 0, members: committee.members }] })
    assert.deepEqual(
      [checked.signer, checked.domain, checked.slot, checked.first.blockhash, checked.second.blockhash],
      [member.publicKey, 900, 5, A.blockhash, B.blockhash],
    )
  })

  it('is refused with EQUIVOCATION_PROOF_INVALID when any part does not hold', () => {
    assert.throws(() => verifyEquivocationProof({ ...proof, second: proof.first }), refused(/the same/))
    assert.throws(
      () => verifyEquivocationProof({ ...proof, second: signed(member, at(6, B.blockhash)) }),
      refused(/different slots/),
    )
    assert.throws(
      () => verifyEquivocationProof({ ...proof, second: signed(other, B) }),
      refused(/second signature is not the signer's/),
    )
    assert.throws(
      () => verifyEquivocationProof({ ...proof, second: { ...proof.second, signature: proof.first.signature } }),
      refused(/second signature/),
    )
    assert.throws(
      () => verifyEquivocationProof({ ...proof, first: { ...proof.first, commitment: '0x00ff' } }),
      refused(/not a slot commitment/),
    )
    assert.throws(
      // reason: malformed on purpose
      () => verifyEquivocationProof({ ...proof, first: { ...proof.first, commitment: 'zz' as `0x${string}` } }),
      refused(/not 0x hex/),
    )
    assert.throws(() => verifyEquivocationProof({ ...proof, signer: 'not-base58!' }), refused(/signer is not/))
    assert.throws(
      () => verifyEquivocationProof({ ...proof, first: { ...proof.first, signature: 'AAAA' } }),
      refused(/64 bytes/),
    )
    assert.throws(
      () =>
        verifyEquivocationProof(proof, {
          // reason: two members
          schedule: [{ fromEpoch: 0, members: [committee.members[1] as (typeof committee.members)[number]] }],
        }),
      refused(/not on epoch 0/),
    )
  })
})
