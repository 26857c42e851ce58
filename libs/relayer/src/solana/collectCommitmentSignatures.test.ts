import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import {
  buildSlotCommitment,
  createDevCommittee,
  prepareCommittee,
  signSlotCommitment,
  type SlotCommitment,
} from '@relaymesh/solana'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type CommitmentConflict,
  type SignedCommitmentResponse,
  type SignerFailure,
} from './collectCommitmentSignatures.js'

const { committee, keys } = createDevCommittee({ epoch: 0, size: 4, stakes: [50n, 10n, 30n, 10n] })
const prepared = prepareCommittee(committee)
const commitment = (blockhash: string): SlotCommitment =>
  buildSlotCommitment({ domain: 900, slot: 5, blockhash, slotsPerEpoch: 32, messagesBefore: 7, ids: [] })
const ours = commitment('11111111111111111111111111111111')
const fork = commitment('SysvarC1ock11111111111111111111111111111111')
const answer = (i: number, c: SlotCommitment): SignedCommitmentResponse => {
  const [signed] = signSlotCommitment([keys[i] as (typeof keys)[number]], c) // reason: four keys
  return {
    commitment: c,
    signer: keys[i]?.publicKey as string,
    signature: Buffer.from(signed?.signature as Uint8Array).toString('base64'),
  }
}

describe('collectCommitmentSignatures: commitment conflicts', () => {
  it('a member that signed another commitment for the slot is not counted and is reported with both commitments; forged bytes are not', async () => {
    const answers = new Map<string, SignedCommitmentResponse>([
      ['a', answer(0, ours)],
      ['b', answer(1, fork)],
      ['c', answer(2, ours)],
      // Member 3's name on the fork, but a signature over our commitment: no evidence against it.
      ['d', { ...answer(3, ours), commitment: fork }],
    ])
    const conflicts: CommitmentConflict[] = []
    const signatures = await collectCommitmentSignatures(async (url) => answers.get(url) ?? null, {
      signerUrls: ['a', 'b', 'c', 'd'],
      committee: prepared,
      commitment: ours,
      onConflict: (c) => conflicts.push(c),
    })
    assert.deepEqual(
      signatures.map((s) => s.signer),
      [keys[0]?.publicKey, keys[2]?.publicKey],
      '80 of 100 stake: quorum without member 1',
    )
    assert.deepEqual(
      conflicts.map((c) => [c.signer, c.slot, c.theirs.blockhash, c.ours.blockhash]),
      [[keys[1]?.publicKey, 5, fork.blockhash, ours.blockhash]],
    )
  })
})

describe('collectCommitmentSignatures: failing signers', () => {
  const fetchFrom = (answers: Map<string, SignedCommitmentResponse>) => async (url: string) => {
    if (url === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:1')
    return answers.get(url) ?? null
  }
  const answers = new Map<string, SignedCommitmentResponse>([
    ['a', answer(0, ours)],
    ['c', answer(2, ours)],
    ['stranger', { ...answer(1, ours), signer: 'NotAMember1111111111111111111111111111111111' }],
    ['garbled', { ...answer(3, ours), signature: Buffer.alloc(64, 7).toString('base64') }],
  ])

  it('reports each failing signer with its code and still collects from the others', async () => {
    const failures: SignerFailure[] = []
    const signatures = await collectCommitmentSignatures(fetchFrom(answers), {
      signerUrls: ['down', 'a', 'stranger', 'garbled', 'c'],
      committee: prepared,
      commitment: ours,
      onSignerFailure: (f) => failures.push(f),
    })
    assert.deepEqual(
      signatures.map((s) => s.signer),
      [keys[0]?.publicKey, keys[2]?.publicKey],
    )
    assert.deepEqual(
      failures.map((f) => [f.signerUrl, f.error.code, f.error.action]),
      [
        ['down', 'SIGNER_UNREACHABLE', 'retry'],
        ['stranger', 'SIGNER_ANSWER_INVALID', 'retry'],
        ['garbled', 'SIGNER_ANSWER_INVALID', 'retry'],
      ],
    )
    assert.match(String((failures[0]?.error.cause as Error).message), /ECONNREFUSED/)
  })

  it('without quorum, BLOCK_NOT_FINAL names the signers that failed and why', async () => {
    await assert.rejects(
      collectCommitmentSignatures(fetchFrom(answers), {
        signerUrls: ['down', 'a', 'garbled'],
        committee: prepared,
        commitment: ours,
      }),
      (error: { code: string; meta: { failedSigners: { signer: string; code: string }[] } }) => {
        assert.equal(error.code, 'BLOCK_NOT_FINAL')
        assert.deepEqual(
          error.meta.failedSigners.map((f) => [f.signer, f.code]),
          [
            ['down', 'SIGNER_UNREACHABLE'],
            ['garbled', 'SIGNER_ANSWER_INVALID'],
          ],
        )
        return true
      },
    )
  })

  it('an HTTP error from a signer is SIGNER_UNREACHABLE with its status, a 404 is "not signed yet"', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url?.endsWith('/5') ? 503 : 404
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}` // reason: a TCP server's address
      const fetchSigned = createHttpFetchSignedCommitment()
      assert.equal(await fetchSigned(url, 6), null)
      await assert.rejects(fetchSigned(url, 5), {
        code: 'SIGNER_UNREACHABLE',
        meta: { signer: url, slot: 5, status: 503 },
      })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
