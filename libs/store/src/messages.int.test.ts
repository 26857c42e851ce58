import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { insertBundle, type BundleMessageColumns } from './insertBundle.js'
import { transitionMessages } from './transitionMessages.js'
import { markMessagesExecuted } from './markMessagesExecuted.js'
import { markMessagesFailed } from './markMessagesFailed.js'
import { getMessage } from './getMessage.js'
import { getMessagesBySourceTx } from './getMessagesBySourceTx.js'
import { countMessagesByState } from './countMessagesByState.js'
import { recordRejections } from './recordRejections.js'
import { MESSAGE_STATES, MESSAGE_TRANSITIONS, type MessageState } from './messageStates.js'
import type { CreateDbReturnType, StoreDb } from './createDb.js'
import {
  bytes32,
  createMigratedTestDb,
  hex,
  hexSet,
  testBlock,
  testMessage,
  testMessages,
} from './testing/testDatabase.js'

describe('messages', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  /** Test setup only: force messages into a state, bypassing the machine. */
  const force = (ids: Uint8Array[], state: MessageState) =>
    store.pool.query('UPDATE messages SET state = $1 WHERE id = ANY($2::bytea[])', [
      state,
      ids.map((id) => Buffer.from(id)),
    ])

  it('moves exactly the legal pairs among all 49 (from, to) pairs and reports the rest as unmoved', async () => {
    const pairs = MESSAGE_STATES.flatMap((from) => MESSAGE_STATES.map((to) => ({ from, to })))
    const rows = pairs.map(({ from, to }) => testMessage(`pair:${from}:${to}`, { state: 'observed' }))
    await insertBundle(store.db, { block: testBlock('pairs'), verification: 'light-client', messages: rows })
    for (const from of MESSAGE_STATES)
      await force(
        rows.filter((_, i) => pairs[i]?.from === from).map((m) => m.id),
        from,
      )
    for (const to of MESSAGE_STATES) {
      const chosen = pairs.flatMap((p, i) => (p.to === to ? [{ ...p, id: (rows[i] as (typeof rows)[number]).id }] : []))
      const { moved, unmoved } = await transitionMessages(store.db, { ids: chosen.map((c) => c.id), to })
      const legal = chosen.filter((c) => MESSAGE_TRANSITIONS[c.from].includes(to))
      assert.deepEqual(hexSet(moved), hexSet(legal.map((c) => c.id)), `moved into ${to}`)
      assert.equal(unmoved.length, chosen.length - legal.length, `unmoved into ${to}`)
    }
  })

  it('stores a bundle once: a replayed id is reported known and its state never regresses', async () => {
    const block = testBlock('replay')
    const messages = testMessages('replay', 3)
    const first = await insertBundle(store.db, { block, verification: 'light-client', messages })
    assert.equal(first.inserted.length, 3)
    assert.deepEqual(first.known, [])
    assert.equal(first.blockInserted, true)
    await force([messages[0]!.id], 'settled') // reason: three messages exist

    const extra = testMessage('replay:new')
    const second = await insertBundle(store.db, { block, verification: 'light-client', messages: [...messages, extra] })
    assert.deepEqual(hexSet(second.known), hexSet(messages.map((m) => m.id)))
    assert.deepEqual(second.inserted.map(hex), [hex(extra.id)])
    assert.equal(second.blockInserted, false)
    assert.equal((await getMessage(store.db, { id: messages[0]!.id }))?.state, 'settled')
    const count = await store.pool.query('SELECT count(*)::int AS n FROM messages WHERE id = $1', [messages[1]!.id])
    assert.equal(count.rows[0].n, 1)
  })

  it("stores the verifier's columns as it stores message objects, replays reported known, mis-sized columns refused", async () => {
    const messages = testMessages('columns', 4).map((m, i) => ({
      ...m,
      nonce: 2n ** 62n + BigInt(i),
      gasLimit: 4_000_000_000 + i,
      destination: 56 + i,
      payload: Buffer.alloc(i * 3, i),
      sourceTxHash: i === 2 ? Buffer.alloc(64, 9) : m.sourceTxHash,
      traceparent: i === 1 ? undefined : `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-0${i}`,
    }))
    const concat = (parts: Uint8Array[]) => Buffer.concat(parts)
    const ends = (parts: Uint8Array[]) =>
      Uint32Array.from(parts.map((_, i) => parts.slice(0, i + 1).reduce((n, p) => n + p.length, 0)))
    const columns: BundleMessageColumns = {
      count: messages.length,
      ids: concat(messages.map((m) => m.id)),
      senders: concat(messages.map((m) => m.sender)),
      recipients: concat(messages.map((m) => m.recipient)),
      gasLimits: Uint32Array.from(messages.map((m) => m.gasLimit)),
      payloads: concat(messages.map((m) => m.payload)),
      payloadEnds: ends(messages.map((m) => m.payload)),
      txHashes: concat(messages.map((m) => m.sourceTxHash)),
      txHashEnds: ends(messages.map((m) => m.sourceTxHash)),
      destinations: Uint32Array.from(messages.map((m) => m.destination)),
      nonces: BigUint64Array.from(messages.map((m) => m.nonce)),
      logIndexes: Uint32Array.from(messages.map((m) => m.logIndex)),
      traceparents: messages.map((m) => m.traceparent),
    }
    const block = testBlock('columns')
    const first = await insertBundle(store.db, { block, verification: 'attested', messages: columns })
    assert.deepEqual(
      first.inserted.map(hex),
      messages.map((m) => hex(m.id)),
    )
    for (const m of messages) {
      const stored = await getMessage(store.db, { id: m.id })
      assert.ok(stored)
      const {
        id,
        destination,
        nonce,
        sender,
        recipient,
        gasLimit,
        payload,
        sourceTxHash,
        logIndex,
        state,
        traceparent,
      } = stored
      assert.deepEqual(
        {
          id: hex(id),
          destination,
          nonce,
          sender: hex(sender),
          recipient: hex(recipient),
          gasLimit,
          payload: hex(payload),
          sourceTxHash: hex(sourceTxHash),
          logIndex,
          state,
          traceparent,
          verification: stored.verification,
        },
        {
          id: hex(m.id),
          destination: m.destination,
          nonce: m.nonce,
          sender: hex(m.sender),
          recipient: hex(m.recipient),
          gasLimit: m.gasLimit,
          payload: hex(m.payload),
          sourceTxHash: hex(m.sourceTxHash),
          logIndex: m.logIndex,
          state: 'verified',
          traceparent: m.traceparent ?? null,
          verification: 'attested',
        },
      )
    }
    const replay = await insertBundle(store.db, { block, verification: 'attested', messages: columns })
    assert.deepEqual(
      { inserted: replay.inserted.length, known: replay.known.map(hex) },
      { inserted: 0, known: messages.map((m) => hex(m.id)) },
    )
    await assert.rejects(
      insertBundle(store.db, { block, verification: 'attested', messages: { ...columns, count: 5 } }),
      { code: 'INVALID_INPUT' },
    )
  })

  it('inserts a 10,000-message bundle in one call', async (t) => {
    const messages = testMessages('big', 10_000, { payload: Buffer.alloc(100, 7) })
    // Set-based (STYLE.md, Database): one statement whatever the bundle size. Counted on the way to Postgres, not
    // timed: the time is reported, but on busy cores it measures the machine as much as the query.
    const statements: unknown[] = []
    const counting = {
      $client: {
        query: (text: string, values: unknown[]) => {
          statements.push(text)
          return store.pool.query(text, values)
        },
      },
    } as unknown as StoreDb // reason: insertBundle reaches Postgres through $client.query alone
    const started = performance.now()
    const result = await insertBundle(counting, {
      block: testBlock('big', 1, 99n),
      verification: 'light-client',
      messages,
    })
    t.diagnostic(`10k insert took ${Math.round(performance.now() - started)} ms`)
    assert.equal(statements.length, 1, 'one statement for 10,000 messages')
    assert.equal(result.inserted.length, 10_000)
    assert.equal(result.known.length, 0)
    const stored = await store.pool.query(
      "SELECT count(*)::int AS n FROM messages WHERE source_block_hash = $1 AND state = 'verified' AND " +
        'verified_at IS NOT NULL',
      [testBlock('big', 1, 99n).hash],
    )
    assert.equal(stored.rows[0].n, 10_000)
    const sample = await getMessage(store.db, { id: messages[4321]!.id })
    assert.deepEqual(Buffer.from(sample!.payload), Buffer.alloc(100, 7))
    assert.equal(sample!.nonce, 4321n)
    assert.equal(sample!.sourceBlockNumber, 99n)
  })

  it('stores rejected messages and malformed logs with their reason codes', async () => {
    const block = testBlock('rejected')
    const bad = testMessage('rejected:1', {
      state: 'rejected',
      reasonCode: 'RECEIPT_PROOF_INVALID',
      rejectionDetails: { index: 3 },
    })
    const good = testMessage('rejected:2', { sourceTxHash: bad.sourceTxHash, logIndex: 1 })
    await insertBundle(store.db, {
      block,
      verification: 'light-client',
      messages: [bad, good],
      malformed: [{ reasonCode: 'DISPATCH_LOG_INVALID', details: { logIndex: 9 } }],
    })
    const record = await getMessage(store.db, { id: bad.id })
    assert.equal(record?.state, 'rejected')
    assert.equal(record?.reasonCode, 'RECEIPT_PROOF_INVALID')
    assert.deepEqual(
      record?.rejections.map((r) => [r.stage, r.reasonCode, r.details]),
      [['verify', 'RECEIPT_PROOF_INVALID', { index: 3 }]],
    )
    const malformed = await store.pool.query(
      "SELECT origin, block_hash, details FROM rejections WHERE reason_code = 'DISPATCH_LOG_INVALID'",
    )
    assert.equal(malformed.rowCount, 1)
    assert.deepEqual(malformed.rows[0].details, { logIndex: 9 })
    assert.deepEqual(malformed.rows[0].block_hash, block.hash)
    const bySourceTx = await getMessagesBySourceTx(store.db, { sourceTxHash: bad.sourceTxHash })
    assert.deepEqual(
      bySourceTx.map((m) => m.state),
      ['rejected', 'verified'],
    )
    assert.ok(bySourceTx[1]!.hops.verifiedAt instanceof Date)
    assert.equal(bySourceTx[1]!.hops.executedAt, null)
  })

  it('refuses a rejected message without a reason code, and ids that are not 32 bytes', async () => {
    const block = testBlock('invalid')
    await assert.rejects(
      insertBundle(store.db, { block, verification: 'attested', messages: [testMessage('x', { state: 'rejected' })] }),
      { code: 'INVALID_INPUT' },
    )
    await assert.rejects(
      insertBundle(store.db, {
        block,
        verification: 'attested',
        messages: [testMessage('y', { id: new Uint8Array(31) })],
      }),
      { code: 'INVALID_INPUT' },
    )
  })

  it('retries a failed execution: settled -> failed -> failed -> executed, one rejection row per failure', async () => {
    const messages = testMessages('exec', 4)
    const ids = messages.map((m) => m.id)
    await insertBundle(store.db, { block: testBlock('exec'), verification: 'light-client', messages })
    await force(ids, 'settled')
    const tx = bytes32('exec-tx')
    assert.equal(
      (
        await markMessagesFailed(store.db, {
          ids: ids.slice(0, 2),
          reasonCode: 'RECIPIENT_REVERTED',
          details: { data: '0x' },
        })
      ).moved.length,
      2,
    )
    assert.equal(
      (await markMessagesFailed(store.db, { ids: ids.slice(0, 1), reasonCode: 'RECIPIENT_REVERTED' })).moved.length,
      1,
    )
    const executed = await markMessagesExecuted(store.db, { ids, executionTxHash: tx })
    assert.equal(executed.moved.length, 4)
    const again = await markMessagesExecuted(store.db, { ids, executionTxHash: tx })
    assert.deepEqual(hexSet(again.unmoved), hexSet(ids))
    const first = await getMessage(store.db, { id: ids[0]! })
    assert.equal(first?.state, 'executed')
    assert.equal(first?.attempts, 3)
    assert.equal(first?.reasonCode, null)
    assert.deepEqual(first?.executionTxHash, tx)
    assert.deepEqual(
      first?.rejections.map((r) => r.stage),
      ['execute', 'execute'],
    )
    assert.ok(first?.hops.executedAt instanceof Date)
  })

  it('counts messages per state and records dead letters', async () => {
    const counts = await countMessagesByState(store.db)
    assert.deepEqual(Object.keys(counts), [...MESSAGE_STATES])
    assert.ok(counts.verified >= 10_000)
    const none = await countMessagesByState(store.db, { destination: 424242 })
    assert.equal(
      Object.values(none).reduce((a, b) => a + b, 0),
      0,
    )
    const n = await recordRejections(store.db, [
      { stage: 'dead-letter', reasonCode: 'BUS_DECODE_FAILED', details: { subject: 'bundles.31337', seq: 12 } },
      { stage: 'verify', reasonCode: 'HEADER_INVALID', origin: 1, blockHash: bytes32('h'), messageId: bytes32('m') },
    ])
    assert.equal(n, 2)
  })
})
