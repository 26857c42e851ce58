/**
 * Keys only where they sign, through the services' own entry
 * point (`openServiceContext` and `runServices`, as each service's main.ts runs them) on the real Postgres and NATS:
 * the api, watcher and verifier start without a key and cannot sign; a settler refuses to start while another live
 * process holds the signer lease of its key and chain, and starts once that process is gone.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { acquireSignerLease, createDb, type CreateDbReturnType } from '@relaymesh/store'
import { privateKeyToAccount } from 'viem/accounts'
import { createRelayerContext } from '@relaymesh/relayer/runtime'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace } from '@relaymesh/relayer/testing'
import { loadServiceConfig } from './loadServiceConfig.js'
import { openServiceContext } from './openServiceContext.js'
import { runServices } from './runServices.js'

const key = `0x${'59'.repeat(32)}` as const
const address = privateKeyToAccount(key).address

describe('keys only where they sign', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let holder: CreateDbReturnType
  const ns = testBusNamespace()
  const relayer = () => ({
    relayerId: 'k1',
    databaseUrl: dbs.url('k1'),
    natsUrl: TEST_NATS_URL,
    proposers: { 31337: 'k1' },
    relayers: { k1: address },
    threshold: 1,
    // Nothing here is contacted: every case ends before the first RPC call.
    chains: [
      {
        domain: 31337,
        name: 'one',
        rpcUrl: 'http://127.0.0.1:9',
        outbox: `0x${'1'.repeat(40)}`,
        inbox: `0x${'2'.repeat(40)}`,
      },
    ],
  })
  const env = (withKey: boolean) => ({
    RELAYMESH_CONFIG: JSON.stringify(relayer()),
    RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
    RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
    OTEL_TRACES_EXPORTER: 'none',
    RELAYMESH_LOG_LEVEL: 'silent',
    ...(withKey ? { RELAYMESH_RELAYER_KEY: key } : {}),
  })

  before(async () => {
    dbs = await createTestDatabases(['k1'])
    holder = createDb({ connectionString: dbs.url('k1'), max: 1 })
  })
  after(async () => {
    await holder?.close()
    await dbs?.drop()
    await ns.cleanup()
  })

  it('api, watcher and verifier read no key (even when one is set) and cannot sign; batcher and settler need one', () => {
    for (const withKey of [false, true])
      assert.equal(loadServiceConfig(env(withKey), () => '', { signs: false }).privateKey, undefined)
    assert.throws(
      () => loadServiceConfig(env(false), () => ''),
      (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID',
    )
    assert.equal(loadServiceConfig(env(true), () => '').privateKey, key)
  })

  it('a context without a key has the relayer address from the config and refuses to sign with KEY_NOT_LOADED', async () => {
    const ctx = await createRelayerContext({
      config: loadServiceConfig(env(false), () => '', { signs: false }).relayer,
      serviceName: 'test-api',
      telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
      logLevel: 'silent',
      subjectRoot: ns.subjectRoot,
      streamPrefix: ns.streamPrefix,
    })
    try {
      assert.deepEqual([ctx.account.address, ctx.signs], [address, false])
      await assert.rejects(
        ctx.account.signTypedData({
          domain: {},
          types: { A: [{ name: 'a', type: 'uint256' }] },
          primaryType: 'A',
          message: { a: 1n },
        }),
        { code: 'KEY_NOT_LOADED', action: 'fatal' },
      )
      await assert.rejects(ctx.account.signMessage({ message: 'x' }), { code: 'KEY_NOT_LOADED' })
    } finally {
      await ctx.close()
    }
  })

  it('a settler refuses to start while another live process signs with its key on its chain, and takes nothing', async () => {
    const held = await acquireSignerLease(holder.pool, { address, chains: [31337], onLost: () => undefined })
    assert.ok(held.acquired)
    await assert.rejects(
      (async () => {
        // What services/settler/src/main.ts runs, without its process signals.
        const config = loadServiceConfig(env(true), () => '')
        const signal = new AbortController().signal
        const ctx = await openServiceContext({ name: 'settler', services: ['settler'], config, signal })
        assert.ok(ctx)
        await runServices(ctx, { name: 'settler', services: ['settler'], config, signal })
      })(),
      (e: Error & { code?: string; meta?: Record<string, unknown> }) => {
        assert.equal(e.code, 'SIGNER_LEASE_HELD')
        assert.deepEqual(e.meta, { address, chain: 31337 })
        return true
      },
    )
    await held.lease.release()
    // The refused settler took nothing: the next one gets the lease.
    const started = await acquireSignerLease(holder.pool, { address, chains: [31337], onLost: () => undefined })
    assert.ok(started.acquired, 'the refused settler left no lock behind')
    await started.lease.release()
  })
})
