import { batcherFor } from './testing/batcherFor.js'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { JetStreamClient } from '@nats-io/jetstream'
import { devAccounts } from '@relaymesh/localchain'
import { getBatch, transitionBatch } from '@relaymesh/store'
import { ZERO_HASH } from '../batch/batchHeader.js'
import { buildProposal } from './buildProposal.js'
import { cosignProposal } from './cosignProposal.js'
import { recordProposal } from './sealNextBatch.js'
import { startBatcher } from './startBatcher.js'
import {
  seedMessages,
  startTestMesh,
  testMessages,
  waitFor,
  type MeshSpec,
  type TestRelayer,
} from './testing/batchHarness.js'

const DEST = 31356
const [, a1, a2] = devAccounts(3)
const mesh: MeshSpec = {
  chain: {
    domain: DEST,
    rpcUrl: 'http://127.0.0.1:9',
    inbox: '0x00000000000000000000000000000000000000b0',
    outbox: '0x00000000000000000000000000000000000000a0',
  },
  relayers: { r1: a1!, r2: a2! },
  proposer: 'r1',
  threshold: 2,
  // The quorum timeout (deadline and a quarter) never fires within the test: only a republished proposal can reach r2.
  batch: { cosignDeadlineMs: 10 * 60_000 },
}
const domain = { chainId: DEST, inbox: mesh.chain.inbox }
const recipient = '0x00000000000000000000000000000000000000cc'

describe('the proposer loop (Postgres + NATS)', () => {
  let r1: TestRelayer
  let r2: TestRelayer
  let closeMesh: () => Promise<void>
  before(async () => {
    const started = await startTestMesh(mesh, ['r1', 'r2'])
    ;[r1, r2] = started.relayers as [TestRelayer, TestRelayer] // reason: two ids asked
    closeMesh = started.close
  })
  after(() => closeMesh())

  // A NATS restart between recording a batch and the proposal's PubAck left the batch `proposed` and
  // never published; the proposer republished only when its process started, so the destination waited the whole
  // quorum timeout (37.5 s in bench:mesh) before the batch was refused and proposed again.
  it('publishes again a proposal whose publish failed, instead of waiting for the quorum timeout', async () => {
    // Batch 0, known to both (the first batch of a database reads the inbox, which this test has not).
    const [first] = testMessages('first', 1, DEST, recipient)
    await seedMessages(r1.ctx, [first!])
    await seedMessages(r2.ctx, [first!])
    const zero = await buildProposal(a1!, {
      domain,
      destination: DEST,
      batchIndex: 0n,
      previousBatchHash: ZERO_HASH,
      ids: [first!.id],
      proposedAt: Date.now(),
    })
    await recordProposal(r1.ctx, zero)
    assert.equal(await cosignProposal(...batcherFor(r2.ctx), zero), 'signed')
    await transitionBatch(r1.ctx.db, { destination: DEST, batchIndex: 0n, to: 'signed' })
    const messages = testMessages('outage', 3, DEST, recipient)
    await seedMessages(r1.ctx, messages)
    await seedMessages(r2.ctx, messages)
    // r1's first publish is not acknowledged (NATS restarting); every later one goes through.
    let publishes = 0
    const js = new Proxy(r1.ctx.bus.js, {
      get: (target, key, receiver) => {
        if (key === 'publish' && publishes++ === 0)
          return () => Promise.reject(new Error('simulated: the server closed the connection'))
        return Reflect.get(target, key, receiver) as unknown
      },
    }) as JetStreamClient // reason: a Proxy of the client, typed as what it wraps
    const ac = new AbortController()
    const batchers = [
      startBatcher({ ...r1.ctx, bus: { ...r1.ctx.bus, js } }, { signal: ac.signal }),
      startBatcher(r2.ctx, { signal: ac.signal }),
    ]
    try {
      const batch = await waitFor(
        'batch 1 signed by r1 and r2',
        async () => {
          const b = await getBatch(r1.ctx.db, { destination: DEST, batchIndex: 1n })
          return b?.state === 'signed' ? b : undefined
        },
        60_000,
      )
      assert.equal(batch.messageCount, 3)
      assert.ok(publishes >= 2, 'the failed publish was retried')
    } finally {
      ac.abort()
      await Promise.all(batchers.map((b) => b.done))
    }
  })
})
