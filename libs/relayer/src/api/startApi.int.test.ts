import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex, messageId, verifyMerkleProof } from '@relaymesh/protocol'
import {
  insertBundle,
  markMessagesExecuted,
  markMessagesFailed,
  recordRejections,
  settleBatch,
  storeBatchSignatures,
  transitionBatch,
  type BundleMessage,
  type CreateDbReturnType,
} from '@relaymesh/store'
import { BridgeSdkError, getBatch, getMessagesBySourceTx, type BatchStatus, type MessageStatus } from '@relaymesh/sdk'
import {
  apiClient,
  bytes32,
  DESTINATION,
  findMessage,
  getJsonAt,
  openTestStore,
  ORIGIN,
  protocolMessage,
  refusedWith,
  sealTestBatch,
  startTestApi,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'

const ZERO = Buffer.alloc(32)
const hex = (bytes: Uint8Array) => bytesToHex(bytes)

describe('relayer API: messages and batches', () => {
  let store: CreateDbReturnType
  let api: TestApi
  const sharedTx = bytes32('tx:shared')
  const batched = Array.from({ length: 5 }, (_, i) =>
    protocolMessage(`batched:${i}`, BigInt(i), { sourceTxHash: sharedTx, logIndex: 4 - i }),
  )
  const rejected = protocolMessage('rejected', 10n, {
    state: 'rejected',
    reasonCode: 'RECEIPT_PROOF_INVALID',
    rejectionDetails: { receiptIndex: 3, privateKey: '0xdeadbeef' },
  })
  const unbatched = protocolMessage('unbatched', 11n)
  const corrupt = [protocolMessage('corrupt:0', 12n), protocolMessage('corrupt:1', 13n)]
  const submitTx = bytes32('submit-tx')
  const executeTx = bytes32('execute-tx')
  let batch0Hash: Uint8Array

  before(async () => {
    store = await openTestStore()
    const messages: BundleMessage[] = [...batched, rejected, unbatched, ...corrupt]
    await insertBundle(store.db, { block: testBlock('seed'), verification: 'confirmations', messages })
    await recordRejections(store.db, [
      { stage: 'dead-letter', reasonCode: 'REPLAYED_MESSAGE', messageId: rejected.id, origin: ORIGIN },
    ])
    ;({ batchHash: batch0Hash } = await sealTestBatch(store.db, {
      batchIndex: 0n,
      ids: batched.map((m) => m.id),
      previousBatchHash: ZERO,
    }))
    await storeBatchSignatures(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      signatures: [
        { signer: Buffer.alloc(20, 0x22), signature: Buffer.alloc(65, 2) },
        { signer: Buffer.alloc(20, 0x11), signature: Buffer.alloc(65, 1) },
      ],
    })
    await transitionBatch(store.db, { destination: DESTINATION, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      to: 'submitted',
      submitTxHash: submitTx,
    })
    await settleBatch(store.db, { destination: DESTINATION, batchIndex: 0n })
    await markMessagesExecuted(store.db, { ids: [batched[1]!.id], executionTxHash: executeTx })
    await markMessagesFailed(store.db, {
      ids: [batched[2]!.id],
      reasonCode: 'RECIPIENT_REVERTED',
      details: { revertData: '0x08c379a0' },
    })
    await sealTestBatch(store.db, {
      batchIndex: 1n,
      ids: corrupt.map((m) => m.id),
      previousBatchHash: batch0Hash,
      root: bytes32('not-the-root'),
    })
    api = await startTestApi(store.db)
  })
  after(async () => {
    await api?.stop()
    await store?.close()
  })

  it('shows a settled message with every hop and a manual-execution proof that verifies', async () => {
    const m = batched[3]!
    const { status, body, contentType } = await getJsonAt(api.url, `/v1/messages/${hex(m.id)}`)
    assert.equal(status, 200)
    assert.match(contentType ?? '', /^application\/json/)
    const s = body as MessageStatus
    assert.deepEqual(
      [
        s.id,
        s.state,
        s.origin,
        s.destination,
        s.nonce,
        s.sender,
        s.recipient,
        s.payload,
        s.verification,
        s.reasonCode,
        s.attempts,
      ],
      [
        hex(m.id),
        'settled',
        ORIGIN,
        DESTINATION,
        '3',
        hex(m.sender),
        hex(m.recipient),
        hex(m.payload),
        'confirmations',
        null,
        0,
      ],
    )
    assert.deepEqual(s.source, {
      blockNumber: '7',
      blockHash: hex(testBlock('seed').hash),
      txHash: hex(sharedTx),
      logIndex: 1,
    })
    assert.deepEqual(s.batch, { destination: DESTINATION, batchIndex: '0', leafIndex: 3 })
    for (const hop of ['observed', 'verified', 'batched', 'settled'] as const)
      assert.ok(!Number.isNaN(Date.parse(s.hops[hop] ?? '')), hop)
    assert.equal(s.hops.executed, null)
    assert.deepEqual(s.rejections, [])
    assert.equal(s.executionTxHash, null)
    assert.equal(s.proofError, null)

    const proof = s.proof!
    assert.equal(proof.batchState, 'settled')
    assert.equal(proof.batchHash, hex(batch0Hash))
    assert.deepEqual(proof.header, {
      destination: DESTINATION,
      batchIndex: '0',
      root: proof.header.root,
      messageCount: 5,
      previousBatchHash: hex(ZERO),
    })
    assert.equal(proof.leafIndex, 3)
    assert.equal(proof.proof.length, 3, 'ceil(log2(5)) siblings')
    assert.equal(messageId(proof.message), s.id, 'the encoded message hashes to the id')
    assert.ok(
      verifyMerkleProof({
        root: proof.header.root,
        count: proof.header.messageCount,
        index: proof.leafIndex,
        leaf: s.id,
        proof: proof.proof,
      }),
    )
    assert.ok(
      !verifyMerkleProof({ root: proof.header.root, count: 5, index: 2, leaf: s.id, proof: proof.proof }),
      'the proof binds the leaf index',
    )
    const batch = (await getJsonAt(api.url, '/v1/batches/31356/0')).body as BatchStatus
    assert.equal(batch.root, proof.header.root, 'the header root is the stored batch root')
  })

  it('gives every leaf of the batch a proof that verifies against the same root', async () => {
    // reason: stored messages
    const statuses = (await Promise.all(batched.map((m) => findMessage(api.url, hex(m.id))))) as MessageStatus[]
    const roots = new Set(statuses.map((s) => s!.proof!.header.root))
    assert.equal(roots.size, 1)
    for (const s of statuses) {
      const p = s!.proof!
      assert.ok(
        verifyMerkleProof({
          root: p.header.root,
          count: p.header.messageCount,
          index: p.leafIndex,
          leaf: messageId(p.message),
          proof: p.proof,
        }),
      )
    }
  })

  it('shows an executed message with its execution tx, and a failed one with its reason code and history', async () => {
    const executed = (await findMessage(api.url, hex(batched[1]!.id))) as MessageStatus // reason: a stored message
    assert.equal(executed.state, 'executed')
    assert.equal(executed.executionTxHash, hex(executeTx))
    assert.ok(executed.hops.executed)
    assert.equal(executed.attempts, 1)
    const failed = (await findMessage(api.url, hex(batched[2]!.id))) as MessageStatus // reason: a stored message
    assert.equal(failed.state, 'failed')
    assert.equal(failed.reasonCode, 'RECIPIENT_REVERTED')
    assert.deepEqual(
      failed.rejections.map((r) => [r.stage, r.reasonCode, r.details]),
      [['execute', 'RECIPIENT_REVERTED', { revertData: '0x08c379a0' }]],
    )
    assert.ok(failed.proof, 'a failed message can be executed again by hand')
  })

  it('shows a rejected message with its reason code and full rejection history, secrets redacted', async () => {
    const s = (await findMessage(api.url, hex(rejected.id))) as MessageStatus // reason: a stored rejected message
    assert.equal(s.state, 'rejected')
    assert.equal(s.reasonCode, 'RECEIPT_PROOF_INVALID')
    assert.deepEqual(
      s.rejections.map((r) => [r.stage, r.reasonCode, r.details]),
      [
        ['verify', 'RECEIPT_PROOF_INVALID', { receiptIndex: 3, privateKey: '[redacted]' }],
        ['dead-letter', 'REPLAYED_MESSAGE', null],
      ],
    )
    assert.ok(s.rejections.every((r) => !Number.isNaN(Date.parse(r.at))))
    assert.deepEqual([s.batch, s.proof, s.proofError, s.hops.verified], [null, null, null, null])
  })

  it('has no proof for an unbatched message, and reports a batch whose leaves do not rebuild its root', async () => {
    const u = (await findMessage(api.url, hex(unbatched.id))) as MessageStatus // reason: a stored message
    assert.deepEqual([u.state, u.batch, u.proof, u.proofError], ['verified', null, null, null])
    const c = (await findMessage(api.url, hex(corrupt[1]!.id))) as MessageStatus // reason: a stored message
    assert.deepEqual(c.batch, { destination: DESTINATION, batchIndex: '1', leafIndex: 1 })
    assert.equal(c.proof, null)
    assert.equal(c.proofError?.code, 'BATCH_ROOT_MISMATCH')
  })

  it('shows a batch with its state, hash, root, signatures, submit tx and ids in leaf order', async () => {
    const { status, body } = await getJsonAt(api.url, `/v1/batches/${DESTINATION}/0`)
    assert.equal(status, 200)
    const b = body as BatchStatus
    assert.deepEqual(
      [
        b.destination,
        b.batchIndex,
        b.state,
        b.batchHash,
        b.messageCount,
        b.previousBatchHash,
        b.submitTxHash,
        b.proposer,
      ],
      [DESTINATION, '0', 'settled', hex(batch0Hash), 5, hex(ZERO), hex(submitTx), hex(Buffer.alloc(20, 0xaa))],
    )
    assert.deepEqual(
      b.messageIds,
      batched.map((m) => hex(m.id)),
    )
    assert.deepEqual(b.signatures, [
      { signer: hex(Buffer.alloc(20, 0x11)), signature: hex(Buffer.alloc(65, 1)) },
      { signer: hex(Buffer.alloc(20, 0x22)), signature: hex(Buffer.alloc(65, 2)) },
    ])
    assert.ok(b.times.proposed && b.times.signed && b.times.submitted && b.times.settled)
    const next = await getBatch(apiClient(api.url), { destination: DESTINATION, batchIndex: 1n })
    assert.deepEqual(
      [next.state, next.previousBatchHash, next.submitTxHash, next.times.settled],
      ['proposed', hex(batch0Hash), null, null],
    )
  })

  it('lists the messages of a source transaction in log order, without proofs', async () => {
    const { status, body } = await getJsonAt(
      api.url,
      `/v1/messages?sourceTx=${hex(sharedTx).toUpperCase().replace('0X', '0x')}`,
    )
    assert.equal(status, 200)
    assert.equal(body.sourceTxHash, hex(sharedTx))
    assert.deepEqual(
      body.messages.map((m: MessageStatus) => m.source.logIndex),
      [0, 1, 2, 3, 4],
    )
    assert.deepEqual(
      body.messages.map((m: MessageStatus) => m.id),
      [...batched].reverse().map((m) => hex(m.id)),
    )
    assert.ok(body.messages.every((m: object) => !('proof' in m)))
    assert.deepEqual(await getMessagesBySourceTx(apiClient(api.url), { sourceTxHash: hex(bytes32('tx:unknown')) }), [])
    const solana = await getJsonAt(api.url, `/v1/messages?sourceTx=0x${'ab'.repeat(64)}`)
    assert.deepEqual([solana.status, solana.body.messages], [200, []])
  })

  it('answers 404 NOT_FOUND for unknown ids and batches, 400 for malformed keys, 405 and 404 for the rest', async () => {
    const cases: [string, number, string, RequestInit?][] = [
      [`/v1/messages/${hex(bytes32('unknown'))}`, 404, 'NOT_FOUND'],
      ['/v1/messages/0x1234', 400, 'INVALID_ID'],
      [`/v1/messages/${hex(bytes32('x')).slice(0, 65)}g`, 400, 'INVALID_ID'],
      [`/v1/messages/${hex(bytes32('x')).slice(2)}`, 400, 'INVALID_ID'],
      ['/v1/messages/%zz', 400, 'INVALID_ID'],
      ['/v1/messages?sendr=0x12', 400, 'INVALID_QUERY'],
      ['/v1/messages?sourceTx=0xabc', 400, 'INVALID_SOURCE_TX'],
      [`/v1/batches/${DESTINATION}/9`, 404, 'NOT_FOUND'],
      [`/v1/batches/${DESTINATION}/18446744073709551615`, 404, 'NOT_FOUND'],
      [`/v1/batches/${DESTINATION}/18446744073709551616`, 400, 'INVALID_BATCH_KEY'],
      ['/v1/batches/4294967296/0', 400, 'INVALID_BATCH_KEY'],
      ['/v1/batches/x/0', 400, 'INVALID_BATCH_KEY'],
      [`/v1/batches/${DESTINATION}/-1`, 400, 'INVALID_BATCH_KEY'],
      [`/v1/batches/${DESTINATION}/01`, 400, 'INVALID_BATCH_KEY'],
      ['/v1/nothing', 404, 'ROUTE_NOT_FOUND'],
      ['/v1/stats', 405, 'METHOD_NOT_ALLOWED', { method: 'POST' }],
    ]
    for (const [path, status, code, init] of cases) {
      const answer = await getJsonAt(api.url, path, init)
      assert.equal(answer.status, status, path)
      assert.equal(answer.body.error.code, code, path)
      assert.equal(typeof answer.body.error.message, 'string')
    }
  })

  it('the SDK reads unknown keys as *_NOT_FOUND and other refusals as API_ERROR with the server code', async () => {
    assert.equal(await findMessage(api.url, hex(bytes32('unknown'))), null)
    await assert.rejects(getBatch(apiClient(`${api.url}/`), { destination: DESTINATION, batchIndex: 42 }), {
      code: 'BATCH_NOT_FOUND',
    })
    await assert.rejects(
      findMessage(api.url, '0x12'),
      // reason: checked by refusedWith
      (e: unknown) => refusedWith('INVALID_ID', 400)(e) && (e as BridgeSdkError).action === 'reject',
    )
    await assert.rejects(
      getMessagesBySourceTx(apiClient(api.url), { sourceTxHash: '0x' }),
      refusedWith('INVALID_SOURCE_TX'),
    )
    await assert.rejects(findMessage('http://127.0.0.1:1', hex(bytes32('x'))), {
      code: 'API_UNREACHABLE',
      action: 'retry',
    })
  })
})
