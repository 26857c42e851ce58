// A settlement transaction mined and then reorganised out of the destination chain: with `txConfirmations` deeper
// than the reorg, neither the tx manager nor the inbox follower has booked anything from the orphaned block, so the
// tx is sent again (its stored bytes) and the batch lands and executes exactly once on the canonical chain.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { AnvilInstance, Bridge } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { getMessage } from '@relaymesh/store'
import { parseEventLogs, type Hex } from 'viem'
import { seedMessages, testMessages, waitFor, type TestRelayer } from '../batcher/testing/batchHarness.js'
import { startSettlerFixture, type SettlerFixture } from './testing/startSettlerFixture.js'

const DEST = 31358
const CONFIRMATIONS = 3
/** Bounds a hang only (STYLE.md, Tests): each step takes well under a second on an idle machine. */
const DEADLINE_MS = 5 * 60_000

describe('settler: a settlement tx reorganised out of the destination chain (anvil, Postgres, NATS)', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let r1: TestRelayer
  let fixture: SettlerFixture

  before(async () => {
    fixture = await startSettlerFixture({
      domain: DEST,
      txConfirmations: CONFIRMATIONS,
    })
    ;({ chain, bridge, r1 } = fixture)
  })
  after(() => fixture.stop())

  const submitRows = async () =>
    (
      await r1.ctx.db.$client.query<{ tx_hash: Buffer; state: string }>(
        "SELECT tx_hash, state FROM outgoing_txs WHERE kind = 'submitBatch' ORDER BY id",
      )
    ).rows
  const inboxLogs = async () =>
    parseEventLogs({
      abi: settlementInboxAbi,
      logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
    })
  const receiptOf = (hash: Hex) => chain.publicClient.request({ method: 'eth_getTransactionReceipt', params: [hash] })

  it('is sent again and lands once; nothing was booked from the orphaned block', async () => {
    await chain.testClient.setAutomine(false)
    const messages = testMessages('reorged', 5, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r1.ctx, messages)
    const row = await waitFor(
      'the settlement tx in the pool',
      async () => (await submitRows()).find((r) => r.state === 'sent'),
      DEADLINE_MS,
    )
    const hash = bytesToHex(row.tx_hash)
    await chain.testClient.mine({ blocks: 1 })
    const mined = await receiptOf(hash)
    assert.ok(mined, 'mined in the block about to be orphaned')
    // One block deep of three: the follower and the tx manager wait (a bounded look, not a timing assertion: both poll
    // every 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    assert.deepEqual(
      (await submitRows()).map((r) => r.state),
      ['sent'],
      'the tx manager has not booked a tx one block deep',
    )
    for (const m of messages)
      assert.notEqual(
        (await getMessage(r1.ctx.db, { id: m.id }))?.state,
        'executed',
        'nothing booked from a block one deep',
      )

    // The block holding the tx is replaced by an empty one at the same height.
    // reason: anvil-only method viem's test actions do not type
    await chain.testClient.request({ method: 'anvil_reorg', params: [1, []] } as never)
    assert.equal(await receiptOf(hash), null, 'the tx is gone from the canonical chain')
    await chain.testClient.setAutomine(true)
    await waitFor(
      'the orphaned tx mined again',
      async () => (await receiptOf(hash)) !== null || (await chain.testClient.mine({ blocks: 1 }), false),
      DEADLINE_MS,
    )
    await chain.testClient.mine({ blocks: CONFIRMATIONS })
    await waitFor(
      'every message executed',
      async () => {
        await chain.testClient.mine({ blocks: 1 })
        return (await Promise.all(messages.map((m) => getMessage(r1.ctx.db, { id: m.id })))).every(
          (m) => m?.state === 'executed',
        )
      },
      DEADLINE_MS,
    )

    const logs = await inboxLogs()
    assert.equal(logs.filter((l) => l.eventName === 'BatchSubmitted').length, 1, 'the batch landed once')
    const executed = logs.filter((l) => l.eventName === 'MessageExecuted')
    assert.equal(executed.length, messages.length, 'each message executed once on chain')
    assert.equal(logs.find((l) => l.eventName === 'BatchSubmitted')?.transactionHash, hash, 'with the stored bytes')
    // The follower may book the executions before the tx manager's next look books its tx (three blocks deep).
    const rows = await waitFor(
      'the settlement tx booked',
      async () => {
        await chain.testClient.mine({ blocks: 1 })
        const found = await submitRows()
        return found.every((r) => r.state !== 'sent') && found
      },
      DEADLINE_MS,
    )
    assert.deepEqual(
      rows.map((r) => r.state),
      ['mined'],
      'booked once, never re-signed',
    )
  })
})
