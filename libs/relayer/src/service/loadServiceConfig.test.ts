import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { loadServiceConfig } from './loadServiceConfig.js'

const relayer = {
  relayerId: 'r1', databaseUrl: 'postgres://x', natsUrl: 'nats://x', proposers: {}, relayers: {}, threshold: 1,
  chains: [{ domain: 1, name: 'one', rpcUrl: 'http://127.0.0.1:1', outbox: `0x${'1'.repeat(40)}`, inbox: `0x${'2'.repeat(40)}` }],
}
const base = { RELAYMESH_CONFIG: JSON.stringify(relayer), RELAYMESH_RELAYER_KEY: `0x${'ab'.repeat(32)}` }
const files: Record<string, string> = { '/run/secrets/admin': 'file-token-0123456789abcdef\n' }
const load = (env: Record<string, string>) => loadServiceConfig({ ...base, ...env }, (path) => files[path] ?? '')

describe('loadServiceConfig: admin token', () => {
  it('is absent unless set, and read from a file (trimmed) before the variable', () => {
    assert.equal(load({}).adminToken, undefined)
    assert.equal(load({ RELAYMESH_ADMIN_TOKEN: 'env-token-0123456789' }).adminToken, 'env-token-0123456789')
    assert.equal(load({ RELAYMESH_ADMIN_TOKEN_FILE: '/run/secrets/admin', RELAYMESH_ADMIN_TOKEN: 'env-token-0123456789' }).adminToken, 'file-token-0123456789abcdef')
  })
  it('rejects a short or spaced token with CONFIG_INVALID, without echoing it', () => {
    for (const token of ['short', 'has spaces in the middle of it']) {
      assert.throws(() => load({ RELAYMESH_ADMIN_TOKEN: token }), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && !e.message.includes(token))
    }
  })
})
