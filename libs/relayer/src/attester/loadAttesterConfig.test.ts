import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { devKeyFromSeed } from '@relaymesh/solana'
import { loadAttesterConfig } from './loadAttesterConfig.js'

const seed = createHash('sha256').update('attester-config-test').digest()
const key = devKeyFromSeed(seed)
const config = {
  attesterId: 'a1',
  databaseUrl: 'postgres://a@db/attester',
  solana: { domain: 900, rpcUrl: 'http://solana:8899', feeAccount: key.publicKey },
  committee: { schedule: [{ fromEpoch: 0, members: [{ pubkey: key.publicKey, stake: '10' }] }] },
}
const keypairJson = JSON.stringify([...seed, ...Buffer.alloc(32)])
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const files: Record<string, string> = {
  '/pem': PEM,
  '/k/hex': seed.toString('hex'),
  '/k/json': keypairJson,
  '/t': 'relayer-one-token-0123\nrelayer-two-token-4567\n',
  '/t/short': 'short\n',
  '/k/bad': 'not a key',
}
const env = {
  RELAYMESH_ATTESTER_CONFIG: JSON.stringify(config),
  RELAYMESH_ATTESTER_KEY_FILE: '/k/hex',
  RELAYMESH_ATTESTER_TOKENS_FILE: '/t',
}
const load = (overrides: Record<string, string | undefined> = {}) =>
  loadAttesterConfig({ ...env, ...overrides }, (path) => files[path] ?? '')
const invalid = (secret?: string) => (e: Error & { code?: string }) =>
  e.code === 'CONFIG_INVALID' && (secret === undefined || !e.message.includes(secret))

describe('loadAttesterConfig', () => {
  it('reads the config with defaults, the key (hex seed or Solana keypair JSON) and the tokens', () => {
    const loaded = load()
    assert.deepEqual(
      [loaded.key.publicKey, loaded.tokens, loaded.attester.api, loaded.attester.solana.slotsPerEpoch],
      [key.publicKey, ['relayer-one-token-0123', 'relayer-two-token-4567'], { host: '0.0.0.0', port: 8090 }, 432_000],
    )
    assert.equal(load({ RELAYMESH_ATTESTER_KEY_FILE: '/k/json' }).key.publicKey, key.publicKey)
  })
  it('refuses a key it cannot read, a key on no committee, short tokens and a bad config, never echoing a secret', () => {
    assert.throws(() => load({ RELAYMESH_ATTESTER_KEY_FILE: '/k/bad' }), invalid('not a key'))
    const elsewhere = {
      ...config,
      committee: {
        schedule: [{ fromEpoch: 0, members: [{ pubkey: devKeyFromSeed(Buffer.alloc(32, 7)).publicKey, stake: '1' }] }],
      },
    }
    assert.throws(() => load({ RELAYMESH_ATTESTER_CONFIG: JSON.stringify(elsewhere) }), invalid(seed.toString('hex')))
    assert.throws(() => load({ RELAYMESH_ATTESTER_TOKENS_FILE: '/t/short' }), invalid('short'))
    assert.throws(() => load({ RELAYMESH_ATTESTER_TOKENS_FILE: undefined }), invalid())
    assert.throws(
      () =>
        load({
          RELAYMESH_ATTESTER_CONFIG: JSON.stringify({ ...config, solana: { ...config.solana, rpcUrl: 'nope' } }),
        }),
      invalid(),
    )
  })
  it('reads the TLS files (HTTPS, mTLS with a client CA) and refuses them half given or not PEM', () => {
    assert.equal(load().tls, undefined, 'plain HTTP without them')
    assert.deepEqual(
      load({
        RELAYMESH_ATTESTER_TLS_CERT_FILE: '/pem',
        RELAYMESH_ATTESTER_TLS_KEY_FILE: '/pem',
        RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE: '/pem',
      }).tls,
      { cert: PEM, key: PEM, clientCa: PEM },
    )
    assert.equal(
      load({ RELAYMESH_ATTESTER_TLS_CERT_FILE: '/pem', RELAYMESH_ATTESTER_TLS_KEY_FILE: '/pem' }).tls?.clientCa,
      undefined,
    )
    assert.throws(() => load({ RELAYMESH_ATTESTER_TLS_CERT_FILE: '/pem' }), invalid())
    assert.throws(() => load({ RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE: '/pem' }), invalid())
    assert.throws(
      () => load({ RELAYMESH_ATTESTER_TLS_CERT_FILE: '/pem', RELAYMESH_ATTESTER_TLS_KEY_FILE: '/k/hex' }),
      invalid(seed.toString('hex')),
    )
  })
})
