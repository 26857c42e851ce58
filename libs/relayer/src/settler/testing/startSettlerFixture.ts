// Test-only: one anvil destination with the bridge deployed, one relayer (its own database, NATS subjects) running
// the batcher, the settler and the inbox follower, as the settler's fault tests need it.
import { deployBridge, devAccounts, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { deleteStreams, runId, startTestRelayer, type TestRelayer } from '../../batcher/testing/batchHarness.js'
import { startBatcher } from '../../batcher/startBatcher.js'
import { startInboxFollower } from '../../follower/startInboxFollower.js'
import type { ExecuteOptions } from '../executeSettledMessages.js'
import { startSettler } from '../startSettler.js'

export type SettlerFixture = { chain: AnvilInstance; bridge: Bridge; r1: TestRelayer; stop(): Promise<void> }

export async function startSettlerFixture(p: {
  domain: number
  txConfirmations?: number
  execute?: Partial<ExecuteOptions>
}): Promise<SettlerFixture> {
  // reason: two accounts asked for
  const [pauser, a1] = devAccounts(2) as [
    ReturnType<typeof devAccounts>[number],
    ReturnType<typeof devAccounts>[number],
  ]
  const chain = await startAnvil({ chainId: p.domain })
  const bridge = await deployBridge(chain, { relayers: [a1.address], threshold: 1, pauser: pauser.address })
  const r1 = await startTestRelayer(
    {
      chain: {
        domain: p.domain,
        rpcUrl: chain.rpcUrl,
        inbox: bridge.addresses.inbox,
        outbox: bridge.addresses.outbox,
        txConfirmations: p.txConfirmations,
      },
      relayers: { r1: a1 },
      proposer: 'r1',
      threshold: 1,
      batch: { maxMessages: 64, maxAgeMs: 200 },
    },
    'r1',
    runId(),
  )
  const services = new AbortController()
  const { signal } = services
  const running = [
    startBatcher(r1.ctx, { signal }).done,
    // The fee bump is 10 minutes away: only noticing a lost tx can get it mined within a test.
    startSettler(r1.ctx, {
      signal,
      txManager: { bumpAfterMs: 600_000, lookEveryMs: 100, nonceConflictGraceMs: 200 },
      execute: p.execute,
    }).done,
    startInboxFollower(r1.ctx, { signal, intervalMs: 100 }).done,
  ]
  return {
    chain,
    bridge,
    r1,
    stop: async () => {
      services.abort()
      await Promise.allSettled(running)
      await chain.testClient.setAutomine(true)
      await deleteStreams([r1])
      await r1.close()
      await chain.stop()
    },
  }
}
