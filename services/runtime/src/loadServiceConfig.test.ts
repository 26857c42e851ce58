import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { loadServiceConfig } from './loadServiceConfig.js'

const relayer = {
  relayerId: 'r1',
  databaseUrl: 'postgres://x',
  natsUrl: 'nats://x',
  proposers: {},
  relayers: {},
  threshold: 1,
  chains: [
    {
      domain: 1,
      name: 'one',
      rpcUrl: 'http://127.0.0.1:1',
      outbox: `0x${'1'.repeat(40)}`,
      inbox: `0x${'2'.repeat(40)}`,
    },
  ],
}
const base = { RELAYMESH_CONFIG: JSON.stringify(relayer), RELAYMESH_RELAYER_KEY: `0x${'ab'.repeat(32)}` }
const files: Record<string, string> = { '/run/secrets/admin': 'file-token-0123456789abcdef\n' }
const load = (env: Record<string, string>) => loadServiceConfig({ ...base, ...env }, (path) => files[path] ?? '')

describe('loadServiceConfig: admin token', () => {
  it('is absent unless set, and read from a file (trimmed) before the variable', () => {
    assert.equal(load({}).adminToken, undefined)
    assert.equal(load({ RELAYMESH_ADMIN_TOKEN: 'env-token-0123456789' }).adminToken, 'env-token-0123456789')
    assert.equal(
      load({ RELAYMESH_ADMIN_TOKEN_FILE: '/run/secrets/admin', RELAYMESH_ADMIN_TOKEN: 'env-token-0123456789' })
        .adminToken,
      'file-token-0123456789abcdef',
    )
  })
  it('rejects a short or spaced token with CONFIG_INVALID, without echoing it', () => {
    for (const token of ['short', 'has spaces in the middle of it']) {
      assert.throws(
        () => load({ RELAYMESH_ADMIN_TOKEN: token }),
        (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && !e.message.includes(token),
      )
    }
  })
})

describe('loadServiceConfig: explorer', () => {
  it('is on by default; RELAYMESH_JAEGER_URL links its traces unless the config names a URL or turns it off', () => {
    assert.equal(load({}).relayer.api.explorer, undefined)
    assert.deepEqual(load({ RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer, {
      jaegerUrl: 'http://jaeger:16686',
    })
    const own = JSON.stringify({ ...relayer, api: { explorer: { path: '/x', jaegerUrl: 'https://traces.internal' } } })
    assert.deepEqual(
      load({ RELAYMESH_CONFIG: own, RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer,
      { path: '/x', jaegerUrl: 'https://traces.internal' },
    )
    const off = JSON.stringify({ ...relayer, api: { explorer: false } })
    assert.equal(
      load({ RELAYMESH_CONFIG: off, RELAYMESH_JAEGER_URL: 'http://jaeger:16686' }).relayer.api.explorer,
      false,
    )
  })
  it('refuses a path that would shadow an API route, and a Jaeger URL that is not http(s)', () => {
    for (const path of ['/v1', '/v1/explorer', '/healthz', 'explorer', '/explorer/']) {
      const config = JSON.stringify({ ...relayer, api: { explorer: { path } } })
      assert.throws(
        () => load({ RELAYMESH_CONFIG: config }),
        (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID',
        path,
      )
    }
    assert.throws(
      () => load({ RELAYMESH_JAEGER_URL: 'javascript:alert(1)' }),
      (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID',
    )
  })
})

describe('loadServiceConfig: NATS credentials and Postgres TLS', () => {
  const withConfig = (extra: Record<string, unknown>) => ({
    RELAYMESH_CONFIG: JSON.stringify({ ...relayer, ...extra }),
  })
  const invalid = (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID'
  it('reads the credential file the config names (trimmed) and passes the TLS files on', () => {
    files['/run/nats/seed'] = 'SUAEXAMPLESEED\n'
    files['/run/nats/token'] = 'a-nats-token\n'
    assert.equal(load({}).natsAuth, undefined)
    const seed = load(
      withConfig({ nats: { nkeySeedFile: '/run/nats/seed', tls: { caFile: '/run/nats/ca.crt' } } }),
    ).natsAuth
    assert.deepEqual(
      [new TextDecoder().decode(seed?.nkeySeed), seed?.tls],
      ['SUAEXAMPLESEED', { caFile: '/run/nats/ca.crt' }],
    )
    assert.equal(load(withConfig({ nats: { tokenFile: '/run/nats/token' } })).natsAuth?.token, 'a-nats-token')
  })
  it('refuses two credentials, a client certificate without its key, and an unreadable file', () => {
    assert.throws(() => load(withConfig({ nats: { tokenFile: '/a', nkeySeedFile: '/b' } })), invalid)
    assert.throws(() => load(withConfig({ nats: { tls: { certFile: '/c' } } })), invalid)
    const throwing = () =>
      loadServiceConfig({ ...base, ...withConfig({ nats: { credsFile: '/missing' } }) }, () => {
        throw new Error('ENOENT')
      })
    assert.throws(throwing, (e: Error & { code?: string }) => invalid(e) && e.message.includes('nats.credsFile'))
  })
  it('accepts libpq sslmode values and refuses others, and verify-ca without a CA file', () => {
    for (const mode of ['disable', 'require', 'verify-full'])
      assert.equal(
        load(withConfig({ databaseUrl: `postgres://u@db/rm?sslmode=${mode}` })).relayer.databaseUrl.endsWith(mode),
        true,
      )
    assert.ok(load(withConfig({ databaseUrl: 'postgres://u@db/rm?sslmode=verify-ca&sslrootcert=/ca.crt' })))
    assert.throws(() => load(withConfig({ databaseUrl: 'postgres://u@db/rm?sslmode=verify-ca' })), invalid)
    assert.throws(() => load(withConfig({ databaseUrl: 'postgres://u@db/rm?sslmode=no-verify' })), invalid)
  })
})

describe('loadServiceConfig: exit with parent', () => {
  it('is off unless set; a pid names the parent to outlive, 1 the parent found at start', () => {
    assert.equal(load({}).exitWithParent, undefined)
    assert.equal(load({ RELAYMESH_EXIT_WITH_PARENT: '4242' }).exitWithParent, 4242)
    assert.equal(load({ RELAYMESH_EXIT_WITH_PARENT: '1' }).exitWithParent, 'parent-at-start')
  })
  it('refuses what is not a pid with CONFIG_INVALID', () => {
    for (const value of ['yes', '0', '-5', '12.5']) {
      assert.throws(
        () => load({ RELAYMESH_EXIT_WITH_PARENT: value }),
        (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID',
        value,
      )
    }
  })
})
