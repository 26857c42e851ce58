import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CreateDbReturnType } from './createDb.js'
import { getCursor } from './getCursor.js'
import { setCursor } from './setCursor.js'
import { insertOutgoingTx, type InsertOutgoingTxParameters } from './insertOutgoingTx.js'
import { updateOutgoingTx } from './updateOutgoingTx.js'
import { listPendingOutgoingTxs } from './listPendingOutgoingTxs.js'
import { listReplacedOutgoingTxs } from './listReplacedOutgoingTxs.js'
import { bytes32, createMigratedTestDb } from './testing/testDatabase.js'

describe('cursors and outgoing txs', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('gets, sets and rewinds a cursor', async () => {
    assert.equal(await getCursor(store.db, { chain: 31337, name: 'watcher' }), null)
    await setCursor(store.db, { chain: 31337, name: 'watcher', blockNumber: 120n, blockHash: bytes32('b120') })
    await setCursor(store.db, { chain: 31337, name: 'settler', blockNumber: 5n })
    await setCursor(store.db, { chain: 31337, name: 'watcher', blockNumber: 118n, blockHash: bytes32('b118') })
    const watcher = await getCursor(store.db, { chain: 31337, name: 'watcher' })
    assert.equal(watcher?.blockNumber, 118n)
    assert.deepEqual(watcher?.blockHash, bytes32('b118'))
    assert.equal((await getCursor(store.db, { chain: 31337, name: 'settler' }))?.blockHash, null)
  })

  it('keeps a running count with the cursor in one write; a writer that omits it clears it', async () => {
    await setCursor(store.db, { chain: 1399811150, name: 'solana-watcher', blockNumber: 800n, runningCount: 42n })
    assert.equal((await getCursor(store.db, { chain: 1399811150, name: 'solana-watcher' }))?.runningCount, 42n)
    await setCursor(store.db, { chain: 1399811150, name: 'solana-watcher', blockNumber: 700n })
    const rewound = await getCursor(store.db, { chain: 1399811150, name: 'solana-watcher' })
    assert.deepEqual(
      [rewound?.blockNumber, rewound?.runningCount],
      [700n, null],
      'a count for slot 800 never stands beside cursor 700',
    )
  })

  const from = Buffer.alloc(20, 0xaa)
  const signed = (nonce: bigint, label: string): InsertOutgoingTxParameters => ({
    chain: 56,
    fromAddress: from,
    nonce,
    kind: 'execute',
    batchIndex: 3n,
    leafFrom: 0,
    leafTo: 64,
    txHash: bytes32(label),
    rawTx: Buffer.from(`raw:${label}`),
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  })

  it('persists a signed tx before broadcast and lists it for rebroadcast until it is final', async () => {
    const first = await insertOutgoingTx(store.db, signed(7n, 'tx7'))
    const second = await insertOutgoingTx(store.db, {
      ...signed(8n, 'tx8'),
      kind: 'submitBatch',
      leafFrom: null,
      leafTo: null,
    })
    let pending = await listPendingOutgoingTxs(store.db, { chain: 56, fromAddress: from })
    assert.deepEqual(
      pending.map((t) => [t.nonce, t.state]),
      [
        [7n, 'signed'],
        [8n, 'signed'],
      ],
    )
    assert.deepEqual(pending[0]?.rawTx, Buffer.from('raw:tx7'))
    assert.equal(pending[0]?.maxFeePerGas, 30_000_000_000n)

    await updateOutgoingTx(store.db, { id: first, to: 'sent' })
    await updateOutgoingTx(store.db, { id: first, to: 'mined' })
    await updateOutgoingTx(store.db, { id: second, to: 'sent' })
    pending = await listPendingOutgoingTxs(store.db, { chain: 56 })
    assert.deepEqual(
      pending.map((t) => [t.nonce, t.state]),
      [[8n, 'sent']],
    )
    assert.ok(pending[0]?.sentAt instanceof Date)
    await assert.rejects(updateOutgoingTx(store.db, { id: first, to: 'failed' }), { code: 'ILLEGAL_TRANSITION' })
    await assert.rejects(updateOutgoingTx(store.db, { id: 999n, to: 'sent' }), { code: 'NOT_FOUND' })
  })

  it('replaces a pending tx with a gas bump at the same nonce, in one transaction', async () => {
    const original = await insertOutgoingTx(store.db, signed(20n, 'tx20'))
    const bump = await insertOutgoingTx(store.db, {
      ...signed(20n, 'tx20-bump'),
      maxFeePerGas: 60_000_000_000n,
      replaces: original,
    })
    const pending = await listPendingOutgoingTxs(store.db, { chain: 56, fromAddress: from })
    assert.deepEqual(
      pending.filter((t) => t.nonce === 20n).map((t) => t.id),
      [bump],
    )
    const earlier = await listReplacedOutgoingTxs(store.db, { chain: 56, fromAddress: from, nonces: [20n, 7n] })
    assert.deepEqual(
      earlier.map((t) => [t.id, t.nonce, t.state]),
      [[original, 20n, 'replaced']],
      'the earlier version, still watched for a receipt',
    )
    assert.deepEqual(await listReplacedOutgoingTxs(store.db, { chain: 56, fromAddress: from, nonces: [] }), [])
    await assert.rejects(insertOutgoingTx(store.db, { ...signed(20n, 'tx20-again'), replaces: original }), {
      code: 'ILLEGAL_TRANSITION',
    })
    await assert.rejects(insertOutgoingTx(store.db, { ...signed(21n, 'tx21'), replaces: bump }), {
      code: 'ILLEGAL_TRANSITION',
    })
    assert.equal((await listPendingOutgoingTxs(store.db, { chain: 56 })).filter((t) => t.nonce === 21n).length, 0)
  })
})
