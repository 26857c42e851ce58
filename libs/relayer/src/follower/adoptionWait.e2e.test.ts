import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { deployBridge, devAccounts, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { countMessagesByState, getCursor } from '@relaymesh/store'
import { startBatcher } from '../batcher/startBatcher.js'
import {
  deleteStreams,
  rejectionsWith,
  runId,
  seedMessages,
  startTestRelayer,
  testMessages,
  waitFor,
  type MeshSpec,
  type TestRelayer,
} from '../batcher/testing/batchHarness.js'
import { startSettler } from '../settler/startSettler.js'
import { INBOX_FOLLOWER_CURSOR } from './followInbox.js'
import { startInboxFollower } from './startInboxFollower.js'

const DEST = 31356
const [pauser, a1, a2, a3] = devAccounts(4)

/**
 * A relayer whose verifier never saw a batch's messages (its peers verified, signed and settled them) must not stop
 * following the inbox for good: past `batch.adoptWaitMs` it records `BATCH_NOT_ADOPTED` and follows on, adopting
 * nothing it did not verify.
 */
describe('inbox follower: a settled batch this relayer cannot verify', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let relayers: TestRelayer[]

  before(async () => {
    chain = await startAnvil({ chainId: DEST })
    bridge = await deployBridge(chain, {
      relayers: [a1!.address, a2!.address, a3!.address],
      threshold: 2,
      pauser: pauser!.address,
    })
    const mesh: MeshSpec = {
      chain: { domain: DEST, rpcUrl: chain.rpcUrl, inbox: bridge.addresses.inbox, outbox: bridge.addresses.outbox },
      relayers: { r1: a1!, r2: a2!, r3: a3! },
      proposer: 'r1',
      threshold: 2,
      batch: { maxMessages: 64, maxAgeMs: 200, cosignDeadlineMs: 5_000 },
    }
    const id = runId()
    relayers = [
      await startTestRelayer(mesh, 'r1', id),
      await startTestRelayer(mesh, 'r2', id),
      // r3 waits one millisecond for its verifier: it gives up on the first look.
      await startTestRelayer({ ...mesh, batch: { ...mesh.batch, adoptWaitMs: 1 } }, 'r3', id),
    ]
  })
  after(async () => {
    await deleteStreams(relayers)
    for (const r of relayers) await r.close()
    await chain.stop()
  })

  it('records BATCH_NOT_ADOPTED, adopts none of its messages and moves its cursor past the batch', async () => {
    const [r1, r2, r3] = relayers as [TestRelayer, TestRelayer, TestRelayer]
    const messages = testMessages('unseen', 5, DEST, bridge.addresses.noopRecipient)
    for (const r of [r1, r2]) await seedMessages(r.ctx, messages)
    const stop = new AbortController()
    const { signal } = stop
    const done = [
      startBatcher(r1.ctx, { signal }).done,
      startSettler(r1.ctx, { signal }).done,
      startInboxFollower(r1.ctx, { signal, intervalMs: 100 }).done,
      startBatcher(r2.ctx, { signal }).done,
      startInboxFollower(r3.ctx, { signal, intervalMs: 100 }).done,
    ]
    try {
      await waitFor('the batch executed (on r1)', async () => (await countMessagesByState(r1.ctx.db)).executed === 5)
      const head = await chain.publicClient.getBlockNumber()
      const [rejection] = await waitFor('r3 gives up adopting', async () => {
        const rows = await rejectionsWith(r3.ctx, 'BATCH_NOT_ADOPTED')
        return rows.length > 0 && rows
      })
      assert.equal(rejection?.stage, 'follower')
      assert.equal(rejection?.details.missing, 5)
      assert.equal(rejection?.details.batchIndex, '0')
      await waitFor('r3 follows on past the batch', async () => {
        const cursor = await getCursor(r3.ctx.db, { chain: DEST, name: INBOX_FOLLOWER_CURSOR })
        return cursor !== null && cursor.blockNumber >= head
      })
    } finally {
      stop.abort()
      await Promise.allSettled(done)
    }
    const counts = await countMessagesByState(r3.ctx.db)
    assert.equal(
      Object.values(counts).reduce((a, b) => a + b, 0),
      0,
      'r3 adopted no message it did not verify',
    )
    assert.equal((await rejectionsWith(r3.ctx, 'BATCH_NOT_ADOPTED')).length, 1, 'recorded once')
  })
})
