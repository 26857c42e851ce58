// Test-only: one relayer on a local mesh (its own database and bus namespace) with a context, for the watcher and
// verifier end-to-end tests.
import assert from 'node:assert/strict'
import { createRelayerContext, type RelayerContext } from '../../context/createRelayerContext.js'
import { startLocalMesh, type LocalMesh, type LocalRelayer } from '@relaymesh/devnet/local-mesh'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace } from '../../testing/testInfra.js'

export type WatcherHarness = { mesh: LocalMesh; ctx: RelayerContext; close(): Promise<void> }

/**
 * Starts the mesh (one relayer, threshold 1, two confirmations) and the relayer's context. `prepare` may change the
 * relayer's config before the context is built (a proxy in front of an RPC URL, say).
 */
export async function startWatcherHarness(p: {
  blockTime: number
  logLevel?: 'silent' | 'warn' | undefined
  /**
   * The Ethereum stand-in's finality (`light-client`: the devnet beacon signer and the sync-committee light client).
   */
  ethereumFinality?: { kind: 'confirmations' } | { kind: 'light-client' } | undefined
  /** The BSC stand-in's finality (`parlia`: the devnet Parlia node in front of its anvil, the Parlia light client). */
  bscFinality?: { kind: 'confirmations' } | { kind: 'parlia'; epochLength: number } | undefined
  prepare?: ((relayer: LocalRelayer, mesh: LocalMesh) => Promise<void>) | undefined
}): Promise<WatcherHarness> {
  const ns = testBusNamespace()
  const dbs = await createTestDatabases(['r1'])
  const mesh = await startLocalMesh({
    relayerIds: ['r1'],
    threshold: 1,
    databaseUrl: dbs.url,
    natsUrl: TEST_NATS_URL,
    blockTime: p.blockTime,
    confirmations: 2,
    ethereumFinality: p.ethereumFinality,
    bscFinality: p.bscFinality,
  })
  const relayer = mesh.relayers[0]
  assert.ok(relayer)
  await p.prepare?.(relayer, mesh)
  const ctx = await createRelayerContext({
    config: relayer.config,
    privateKey: relayer.privateKey,
    serviceName: 'test',
    telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
    logLevel: p.logLevel ?? 'warn',
    subjectRoot: ns.subjectRoot,
    streamPrefix: ns.streamPrefix,
  })
  return {
    mesh,
    ctx,
    close: async () => {
      await ctx.close()
      await mesh.stop()
      await dbs.drop()
      await ns.cleanup()
    },
  }
}
