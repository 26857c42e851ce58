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

describe('loadServiceConfig: explorer', () => {
  it('is on by default; RELAYMESH_JAEGER_URL links its traces unless the config names a URL or turns it off', () => {
    assert.equal(load({}).relayer.api.explorer, undefined)
    assert.deepEqual(load({ RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer, { jaegerUrl: 'http://jaeger:16686' })
    const own = JSON.stringify({ ...relayer, api: { explorer: { path: '/x', jaegerUrl: 'https://traces.internal' } } })
    assert.deepEqual(load({ RELAYMESH_CONFIG: own, RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer, { path: '/x', jaegerUrl: 'https://traces.internal' })
    const off = JSON.stringify({ ...relayer, api: { explorer: false } })
    assert.equal(load({ RELAYMESH_CONFIG: off, RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer, false)
  })
  it('refuses a path that would shadow an API route, and a Jaeger URL that is not http(s)', () => {
    for (const path of ['/v1', '/v1/explorer', '/healthz', 'explorer', '/explorer/']) {
      const config = JSON.stringify({ ...relayer, api: { explorer: { path } } })
      assert.throws(() => load({ RELAYMESH_CONFIG: config }), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID', path)
    }
    assert.throws(() => load({ RELAYMESH_JAEGER_URL: 'javascript:alert(1)' }), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID')
  })
})
