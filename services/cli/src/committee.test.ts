import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { loadAttesterConfig } from '@relaymesh/relayer'
import { devKeyFromSeed } from '@relaymesh/solana'
import { runRelaymesh } from './testing/runRelaymesh.js'

const dir = mkdtempSync(join(tmpdir(), 'relaymesh-committee-'))
const seed = (name: string) => createHash('sha256').update(name).digest()
const key = (name: string) => devKeyFromSeed(seed(name)).publicKey
const plan = (relayers: string[]) => ({
  attesters: [
    { id: 'a1', pubkey: key('a1'), url: 'https://a1.example:8090' },
    { id: 'a2', pubkey: key('a2'), url: 'https://a2.example:8090' },
    { id: 'a3', pubkey: key('a3'), url: 'https://a3.example:8090' },
  ],
  relayers,
  schedule: [{ fromEpoch: 0, stakes: { a1: '10', a2: '10', a3: '10' } }],
})
const read = (name: string) => readFileSync(join(dir, 'out', name), 'utf8')

describe('relaymesh committee', () => {
  after(() => rmSync(dir, { recursive: true, force: true }))

  it("writes the schedule, each relayer's committee entry and each attester's tokens file; a second run keeps the tokens issued", async () => {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(['r1', 'r2'])))
    const first = await runRelaymesh(['committee', join(dir, 'plan.json'), '--out', join(dir, 'out')])
    assert.equal(first.code, 0, first.stderr)
    const tokens = JSON.parse(read('tokens.json')) as Record<string, string> // reason: written by the command
    assert.ok(!first.stdout.includes(tokens['r1'] ?? '-'), 'no token printed')
    assert.equal(statSync(join(dir, 'out', 'attester-a1.tokens')).mode & 0o777, 0o600)
    // reason: written by the command
    const r1 = JSON.parse(read('relayer-r1.committee.json')) as { signerToken: string; signerUrls: string[] }
    assert.deepEqual([r1.signerToken, r1.signerUrls.length], [tokens['r1'], 3])
    // The attester starts from these files: its committee entry and tokens file, with its own key.
    const files: Record<string, string> = {
      '/config': JSON.stringify({
        attesterId: 'a2',
        databaseUrl: 'postgres://a2@db/a2',
        solana: { domain: 900, rpcUrl: 'http://solana:8899', feeAccount: key('fee') },
        committee: JSON.parse(read('attester-a2.committee.json')),
      }),
      '/key': seed('a2').toString('hex'),
      '/tokens': read('attester-a2.tokens'),
    }
    const loaded = loadAttesterConfig(
      {
        RELAYMESH_ATTESTER_CONFIG_FILE: '/config',
        RELAYMESH_ATTESTER_KEY_FILE: '/key',
        RELAYMESH_ATTESTER_TOKENS_FILE: '/tokens',
      },
      (p) => files[p] ?? '',
    )
    assert.deepEqual(loaded.tokens, [tokens['r1'], tokens['r2']])

    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(['r1', 'r2', 'r3'])))
    const second = await runRelaymesh(['committee', join(dir, 'plan.json'), '--out', join(dir, 'out')])
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stdout, /new tokens for: r3/)
    const again = JSON.parse(read('tokens.json')) as Record<string, string> // reason: written by the command
    assert.deepEqual([again['r1'], again['r2']], [tokens['r1'], tokens['r2']])
    assert.equal(read('attester-a3.tokens').split('\n').filter(Boolean).length, 3)
  })

  it('refuses a plan with problems, naming them (exit 1), and a call without --out (exit 2)', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...plan(['r1']), schedule: [{ fromEpoch: 0, stakes: { a9: '1' } }] }),
    )
    const bad = await runRelaymesh(['committee', join(dir, 'bad.json'), '--out', join(dir, 'bad-out')])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /a9 is not a listed attester \(CONFIG_INVALID\)/)
    assert.equal((await runRelaymesh(['committee', join(dir, 'plan.json')])).code, 2)
  })
})
