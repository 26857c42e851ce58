import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildSlotCommitment, createDevCommittee, prepareCommittee, signSlotCommitment, type SlotCommitment } from '@relaymesh/solana'
import { collectCommitmentSignatures, type CommitmentConflict, type SignedCommitmentResponse } from './collectCommitmentSignatures.js'

const { committee, keys } = createDevCommittee({ epoch: 0, size: 4, stakes: [50n, 10n, 30n, 10n] })
const prepared = prepareCommittee(committee)
const commitment = (blockhash: string): SlotCommitment => buildSlotCommitment({ domain: 900, slot: 5, blockhash, slotsPerEpoch: 32, messagesBefore: 7, ids: [] })
const ours = commitment('11111111111111111111111111111111')
const fork = commitment('SysvarC1ock11111111111111111111111111111111')
const answer = (i: number, c: SlotCommitment): SignedCommitmentResponse => {
  const [signed] = signSlotCommitment([keys[i] as (typeof keys)[number]], c) // reason: four keys
  return { commitment: c, signer: keys[i]?.publicKey as string, signature: Buffer.from(signed?.signature as Uint8Array).toString('base64') }
}

describe('collectCommitmentSignatures: commitment conflicts', () => {
  it('a member that signed another commitment for the slot is not counted and is reported with both commitments; forged bytes are not', async () => {
    const answers = new Map<string, SignedCommitmentResponse>([
      ['a', answer(0, ours)], ['b', answer(1, fork)], ['c', answer(2, ours)],
      // Member 3's name on the fork, but a signature over our commitment: no evidence against it.
      ['d', { ...answer(3, ours), commitment: fork }],
    ])
    const conflicts: CommitmentConflict[] = []
    const signatures = await collectCommitmentSignatures(async (url) => answers.get(url) ?? null, { signerUrls: ['a', 'b', 'c', 'd'], committee: prepared, commitment: ours, onConflict: (c) => conflicts.push(c) })
    assert.deepEqual(signatures.map((s) => s.signer), [keys[0]?.publicKey, keys[2]?.publicKey], '80 of 100 stake: quorum without member 1')
    assert.deepEqual(conflicts.map((c) => [c.signer, c.slot, c.theirs.blockhash, c.ours.blockhash]), [[keys[1]?.publicKey, 5, fork.blockhash, ours.blockhash]])
  })
})
