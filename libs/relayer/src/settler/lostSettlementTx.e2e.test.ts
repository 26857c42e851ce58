// Faults under load, nothing lost: a settler whose submitBatch tx the node loses (dropped from its pool, its nonce
// taken by another tx of the key) still gets the batch onto the inbox, exactly once, and its messages executed;
// an execute tx the node drops still executes its messages, once; an account run out of funds sends nothing it
// cannot pay for and, funded again, settles everything once.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { devAccounts, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { getMessage } from '@relaymesh/store'
import { parseEther, parseEventLogs, type Hex } from 'viem'
import { seedMessages, testMessages, waitFor, type TestRelayer } from '../batcher/testing/batchHarness.js'
import { startSettlerFixture, type SettlerFixture } from './testing/startSettlerFixture.js'

const DEST = 31357
/** The relayer's account (the fixture's second dev account). */
const [, a1] = devAccounts(2)
/** Bounds a hang only (STYLE.md, Tests): each step takes well under a second on an idle machine. */
const DEADLINE_MS = 5 * 60_000
const MAX_GAS = 600_000n

describe('settler: a lost submitBatch or execute tx, an account out of funds (anvil, Postgres, NATS)', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let r1: TestRelayer
  let fixture: SettlerFixture

  before(async () => {
    fixture = await startSettlerFixture({
      domain: DEST,
      // Too little for a 5-message batch in one transaction (submitAndExecute): it settles in two steps, so execute txs
      // are sent too.
      execute: { maxGas: MAX_GAS },
    })
    ;({ chain, bridge, r1 } = fixture)
  })
  after(() => fixture.stop())

  type SubmitRow = {
    tx_hash: Buffer
    nonce: string
    state: string
    max_fee_per_gas: string
    max_priority_fee_per_gas: string
  }
  const submitRows = async (batchIndex: bigint) =>
    (
      await r1.ctx.db.$client.query<SubmitRow>(
        'SELECT tx_hash, nonce, state, max_fee_per_gas, max_priority_fee_per_gas FROM outgoing_txs WHERE kind = ' +
          "'submitBatch' AND batch_index = $1 ORDER BY id",
        [batchIndex.toString()],
      )
    ).rows
  const onNode = async (hash: Hex) =>
    (await chain.publicClient.request({ method: 'eth_getTransactionByHash', params: [hash] })) !== null
  // reason: anvil-only method viem's test actions do not type
  const dropAll = () => chain.testClient.request({ method: 'anvil_dropAllTransactions' } as never)
  const submittedLogs = async (batchIndex: bigint) =>
    parseEventLogs({
      abi: settlementInboxAbi,
      eventName: 'BatchSubmitted',
      logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
    }).filter((l) => l.args.batchIndex === batchIndex)
  const allExecuted = (ids: readonly Uint8Array[]) => async () =>
    (await Promise.all(ids.map((id) => getMessage(r1.ctx.db, { id })))).every((m) => m?.state === 'executed')

  /**
   * Seeds messages with mining off and waits until the settler has sent the submit tx of their batch: it sits in the
   * pool.
   */
  const pendingSubmit = async (prefix: string) => {
    const index = await bridge.inbox.read.nextBatchIndex()
    await chain.testClient.setAutomine(false)
    const messages = testMessages(prefix, 5, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r1.ctx, messages)
    const row = await waitFor(
      'the submit tx in the pool',
      async () => (await submitRows(index)).find((r) => r.state === 'sent'),
      DEADLINE_MS,
    )
    // The settler books the batch submitted just after the tx leaves.
    await waitFor(
      'the batch believed submitted',
      async () =>
        (
          await r1.ctx.db.$client.query<{ state: string }>(
            'SELECT state FROM batches WHERE destination = $1 AND batch_index = $2',
            [DEST, index.toString()],
          )
        ).rows[0]?.state === 'submitted',
      DEADLINE_MS,
    )
    return { index, ids: messages.map((m) => m.id), row, hash: bytesToHex(row.tx_hash) }
  }

  it('a submit tx dropped from the pool is sent again with its stored bytes; the batch lands once and its messages execute', async () => {
    const { index, ids, hash } = await pendingSubmit('dropped')
    await dropAll()
    assert.equal(await onNode(hash), false, 'the node lost it')
    await waitFor('the lost submit tx sent again', () => onNode(hash), DEADLINE_MS)
    await chain.testClient.setAutomine(true)
    await chain.testClient.mine({ blocks: 1 })
    await waitFor('every message of the batch executed', allExecuted(ids), DEADLINE_MS)

    const logs = await submittedLogs(index)
    assert.equal(logs.length, 1, 'the batch landed once')
    assert.equal(logs[0]!.transactionHash, hash, 'with the stored bytes')
    // The follower may record the executions before the settler's next receipt poll books the tx.
    const rows = await waitFor(
      'the submit tx booked',
      async () => {
        const found = await submitRows(index)
        return found.every((r) => r.state !== 'sent') && found
      },
      DEADLINE_MS,
    )
    assert.deepEqual(
      rows.map((r) => r.state),
      ['mined'],
      'never re-signed',
    )
  })

  it('a submit tx whose nonce another tx took is given up, the batch goes back to signed and is submitted again; its messages execute', async () => {
    const { index, ids, row } = await pendingSubmit('taken')
    await dropAll()
    // The same key at the same nonce, with double the fees so it also replaces ours should the settler have sent it
    // again already.
    await chain.walletClientFor(a1!).sendTransaction({
      to: '0x000000000000000000000000000000000000bEEF',
      nonce: Number(row.nonce),
      gas: 21_000n,
      maxFeePerGas: BigInt(row.max_fee_per_gas) * 2n,
      maxPriorityFeePerGas: BigInt(row.max_priority_fee_per_gas) * 2n,
    })
    await chain.testClient.setAutomine(true)
    await chain.testClient.mine({ blocks: 1 })
    await waitFor('every message of the batch executed', allExecuted(ids), DEADLINE_MS)

    const logs = await submittedLogs(index)
    assert.equal(logs.length, 1, 'the batch landed once')
    const rows = await waitFor(
      'the submit txs booked',
      async () => {
        const found = await submitRows(index)
        return found.every((r) => r.state !== 'sent') && found
      },
      DEADLINE_MS,
    )
    assert.deepEqual(
      rows.map((r) => r.state),
      ['failed', 'mined'],
      'the lost tx booked failed, the batch sent again',
    )
    assert.equal(logs[0]!.transactionHash, bytesToHex(rows[1]!.tx_hash))
    assert.equal(BigInt(rows[1]!.nonce), BigInt(row.nonce) + 1n, 'at the next free nonce')
  })

  it('an execute tx dropped from the pool is sent again with its stored bytes; every message executes once', async () => {
    const index = await bridge.inbox.read.nextBatchIndex()
    await chain.testClient.setAutomine(false)
    // Too many for one transaction within MAX_GAS: the batch settles in two steps, its messages in execute chunks.
    const messages = testMessages('execute', 40, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r1.ctx, messages)
    await waitFor(
      'the submit tx in the pool',
      async () => (await submitRows(index)).some((r) => r.state === 'sent'),
      DEADLINE_MS,
    )
    await chain.testClient.mine({ blocks: 1 })
    const execute = await waitFor(
      'an execute tx in the pool',
      async () =>
        (
          await r1.ctx.db.$client.query<{ id: string; tx_hash: Buffer }>(
            "SELECT id, tx_hash FROM outgoing_txs WHERE kind = 'execute' AND batch_index = $1 AND state = 'sent'",
            [index.toString()],
          )
        ).rows[0],
      DEADLINE_MS,
    )
    const hash = bytesToHex(execute.tx_hash)
    await dropAll()
    assert.equal(await onNode(hash), false, 'the node lost it')
    await waitFor('the lost execute tx sent again', () => onNode(hash), DEADLINE_MS)
    await chain.testClient.setAutomine(true)
    await chain.testClient.mine({ blocks: 1 })
    await waitFor('every message of the batch executed', allExecuted(messages.map((m) => m.id)), DEADLINE_MS)

    const executed = parseEventLogs({
      abi: settlementInboxAbi,
      eventName: 'MessageExecuted',
      logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
    })
    const ours = new Set(messages.map((m) => bytesToHex(m.id)))
    assert.equal(executed.filter((l) => ours.has(l.args.id)).length, 40, 'each message executed once on chain')
    const booked = await waitFor(
      'the execute tx booked',
      async () =>
        (
          await r1.ctx.db.$client.query<{ state: string }>(
            "SELECT state FROM outgoing_txs WHERE id = $1 AND state <> 'sent'",
            [execute.id],
          )
        ).rows[0],
      DEADLINE_MS,
    )
    assert.equal(booked.state, 'mined', 'the stored bytes mined, never re-signed')
  })

  it('sends nothing while it cannot pay, loses nothing, and settles everything once, once funded again', async () => {
    await chain.testClient.setAutomine(true)
    const index = await bridge.inbox.read.nextBatchIndex()
    await chain.testClient.setBalance({ address: a1!.address, value: 1000n })
    const messages = testMessages('poor', 5, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r1.ctx, messages)
    // The settler signed and stored its submit tx, and the node refused it (insufficient funds): it is nowhere on
    // chain.
    const row = await waitFor(
      'the submit tx stored',
      async () =>
        (
          await r1.ctx.db.$client.query<{ tx_hash: Buffer; state: string }>(
            "SELECT tx_hash, state FROM outgoing_txs WHERE kind = 'submitBatch' AND batch_index = $1",
            [index.toString()],
          )
        ).rows[0],
      DEADLINE_MS,
    )
    const hash = bytesToHex(row.tx_hash)
    assert.equal(await chain.publicClient.request({ method: 'eth_getTransactionByHash', params: [hash] }), null)
    assert.equal(await bridge.inbox.read.nextBatchIndex(), index, 'nothing submitted')
    for (const m of messages) assert.equal((await getMessage(r1.ctx.db, { id: m.id }))?.state, 'batched')

    await chain.testClient.setBalance({ address: a1!.address, value: parseEther('100') })
    await waitFor('every message executed', allExecuted(messages.map((m) => m.id)), DEADLINE_MS)
    assert.equal((await submittedLogs(index)).length, 1, 'the batch landed once')
    assert.equal(
      (await chain.publicClient.getTransactionReceipt({ hash })).status,
      'success',
      'the stored tx itself was sent once funded',
    )
  })
})
