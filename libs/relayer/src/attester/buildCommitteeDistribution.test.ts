import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { devKeyFromSeed } from '@relaymesh/solana'
import { solanaChainSchema } from '../solana/solanaChainSchema.js'
import { buildCommitteeDistribution, committeePlanSchema, type CommitteePlan } from './buildCommitteeDistribution.js'
import { attesterConfigSchema } from './loadAttesterConfig.js'

const key = (name: string) => devKeyFromSeed(createHash('sha256').update(name).digest()).publicKey
const plan: CommitteePlan = committeePlanSchema.parse({
  attesters: [
    { id: 'a1', pubkey: key('a1'), url: 'https://a1.example:8090' },
    { id: 'a2', pubkey: key('a2'), url: 'https://a2.example:8090' },
    { id: 'a3', pubkey: key('a3'), url: 'https://a3.example:8090' },
  ],
  relayers: ['r1', 'r2'],
  // Epoch 10 rotates a3 in and a1 out.
  schedule: [
    { fromEpoch: 0, stakes: { a1: '10', a2: '10' } },
    { fromEpoch: 10, stakes: { a2: '10', a3: '20' } },
  ],
})
let issued = 0
const newToken = () => `token-${++issued}-0123456789abcdef`

describe('buildCommitteeDistribution', () => {
  it("builds the shared schedule, each relayer's committee entry with its own token, each attester's committee and tokens file", () => {
    const out = buildCommitteeDistribution(plan, { tokens: { r2: 'kept-token-for-r2-0123456789' }, newToken })
    assert.deepEqual(out.schedule, [
      {
        fromEpoch: 0,
        members: [
          { pubkey: key('a1'), stake: '10' },
          { pubkey: key('a2'), stake: '10' },
        ],
      },
      {
        fromEpoch: 10,
        members: [
          { pubkey: key('a2'), stake: '10' },
          { pubkey: key('a3'), stake: '20' },
        ],
      },
    ])
    assert.equal(out.tokens['r2'], 'kept-token-for-r2-0123456789', 'an issued token is kept')
    assert.match(out.tokens['r1'] ?? '', /^token-\d+-/)
    // Each fragment is what the relayer's and the attester's own config schemas accept.
    const chain = solanaChainSchema.parse({
      domain: 900,
      name: 'solana',
      rpcUrl: 'http://solana:8899',
      feeAccount: key('fee'),
      committee: out.relayers['r1']?.committee,
    })
    assert.deepEqual(
      [chain.committee.signerUrls.length, chain.committee.signerToken, chain.committee.schedule[1]?.members[1]?.stake],
      [3, out.tokens['r1'], 20n],
    )
    const attester = attesterConfigSchema.parse({
      attesterId: 'a3',
      databaseUrl: 'postgres://a3@db/a3',
      solana: { domain: 900, rpcUrl: 'http://solana:8899', feeAccount: key('fee') },
      committee: out.attesters['a3']?.committee,
    })
    assert.equal(attester.committee.schedule.length, 2)
    assert.equal(out.attesters['a1']?.tokensFile, `${out.tokens['r1']}\nkept-token-for-r2-0123456789\n`)
    // Two equal members: each can stall the committee alone; a3 with 2/3 of epoch 10's stake: not more, so it cannot
    // sign alone.
    assert.deepEqual(out.warnings, [
      'from epoch 0: a1 holds at least 1/3 of the stake; without it the others cannot reach more than 2/3',
      'from epoch 0: a2 holds at least 1/3 of the stake; without it the others cannot reach more than 2/3',
      'from epoch 10: a2 holds at least 1/3 of the stake; without it the others cannot reach more than 2/3',
      'from epoch 10: a3 holds at least 1/3 of the stake; without it the others cannot reach more than 2/3',
    ])
  })

  it('refuses a plan with every problem named (CONFIG_INVALID): order, unknown or duplicate members, bad keys, short tokens', () => {
    const bad: CommitteePlan = {
      ...plan,
      attesters: [...plan.attesters, { id: 'a1', pubkey: 'not-a-key', url: 'https://x.example' }],
      schedule: [
        { fromEpoch: 5, stakes: { a1: 1n } },
        { fromEpoch: 5, stakes: { a9: 1n } },
      ],
    }
    assert.throws(
      () => buildCommitteeDistribution(bad, { tokens: {}, newToken }),
      (e: Error & { code?: string; meta?: { problems: string[] } }) => {
        assert.equal(e.code, 'CONFIG_INVALID')
        assert.deepEqual(e.meta?.problems, [
          'attester a1 is listed twice',
          'attester a1: not-a-key is not a base58 ed25519 public key',
          'schedule: epoch 5 follows 5 (ascending fromEpoch)',
          'schedule from epoch 5: a9 is not a listed attester',
        ])
        return true
      },
    )
    assert.throws(() => buildCommitteeDistribution(plan, { tokens: { r1: 'short' }, newToken }), {
      code: 'CONFIG_INVALID',
    })
    const alone = buildCommitteeDistribution(
      { ...plan, schedule: [{ fromEpoch: 0, stakes: { a1: 30n, a2: 10n } }] },
      { tokens: {}, newToken },
    )
    assert.ok(
      alone.warnings.includes('from epoch 0: a1 holds more than 2/3 of the stake and signs for the committee alone'),
    )
    assert.ok(alone.warnings.includes('attester a3 sits on no committee of the schedule (it would refuse to start)'))
  })
})
