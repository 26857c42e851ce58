import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import {
  airdropFactory,
  assertIsTransactionWithBlockhashLifetime,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  generateKeyPairSigner,
  getSignatureFromTransaction,
  lamports,
  sendAndConfirmTransactionFactory,
  type KeyPairSigner,
} from '@solana/kit'
import { bytesToHex, domains } from '@relaymesh/protocol'
import { OUTBOX_MAX_PAYLOAD_BYTES } from '../constants.js'
import { extractOutboxMessages } from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { startLocalSolana, type LocalSolana } from './startLocalSolana.js'
import { fund, outboxWire, rpcCall } from './testing.js'

const extractOptions = (feeAccount: string) => ({ origin: domains.solanaLocal, feeAccount, minFeeLamports: 5000n })

describe('startLocalSolana with a running clock and an unmodified web3.js client', () => {
  let chain: LocalSolana
  let startMs: number
  before(async () => {
    const t0 = performance.now()
    chain = await startLocalSolana({ slotMs: 20, finalizedLag: 4 })
    startMs = performance.now() - t0
  })
  after(() => chain.stop())

  it('is ready the moment it resolves (start time reported: it measures the machine as much as the chain)', async (t) => {
    t.diagnostic(`started in ${Math.round(startMs)} ms`)
    assert.equal((await rpcCall(chain, 'getHealth')).result, 'ok')
  })

  it('airdrops, then sends and confirms a SOL transfer + memo (outbox) transaction', async () => {
    const rpc = createSolanaRpc(chain.rpcUrl)
    const rpcSubscriptions = createSolanaRpcSubscriptions(chain.wsUrl)
    const [sender, feeAccount] = [await generateKeyPairSigner(), await generateKeyPairSigner()]
    await airdropFactory({ rpc, rpcSubscriptions })({
      recipientAddress: sender.address,
      lamports: lamports(10n ** 9n),
      commitment: 'confirmed',
    })
    assert.equal((await rpc.getBalance(sender.address, { commitment: 'confirmed' }).send()).value, 10n ** 9n)
    const out = await outboxWire(chain, sender, feeAccount.address, { fee: 10n ** 6n })
    assertIsTransactionWithBlockhashLifetime(out.signed)
    await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions })(out.signed, { commitment: 'confirmed' })
    const signature = getSignatureFromTransaction(out.signed)
    assert.equal((await rpc.getBalance(feeAccount.address, { commitment: 'confirmed' }).send()).value, 10n ** 6n)
    for (const encoding of ['json', 'jsonParsed', 'base64'] as const) {
      const tx = await rpc
        .getTransaction(signature, {
          // reason: one overload per encoding; the decoder reads all three
          encoding: encoding as 'json',
          commitment: 'confirmed',
          maxSupportedTransactionVersion: 0,
        })
        .send()
      const { messages, rejections } = extractOutboxMessages(
        // reason: web3.js's response type is one of these shapes
        tx as SolanaTransactionResponse,
        extractOptions(feeAccount.address),
      )
      assert.deepEqual([messages.map((m) => bytesToHex(m.id)), rejections], [[out.id], []], encoding)
    }
    const tx = await rpc
      .getTransaction(signature, { encoding: 'json', commitment: 'confirmed', maxSupportedTransactionVersion: 0 })
      .send()
    const block = await rpc
      .getBlock(tx!.slot, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
        transactionDetails: 'signatures',
        rewards: false,
      })
      .send()
    // reason: two @solana/kit majors brand base58 differently
    assert.ok(block?.signatures.includes(String(signature) as never))
    assert.equal(tx!.meta!.fee, 5000n)
    assert.equal(tx!.meta!.preBalances[0]! - tx!.meta!.postBalances[0]!, 10n ** 6n + 5000n)
  })

  // The timeout only bounds a notification that never comes.
  it('logsSubscribe delivers matching transactions only', { timeout: 5 * 60_000 }, async () => {
    const rpcSubscriptions = createSolanaRpcSubscriptions(chain.wsUrlSamePort)
    const [sender, feeAccount, other] = [
      await generateKeyPairSigner(),
      await generateKeyPairSigner(),
      await generateKeyPairSigner(),
    ]
    fund(chain, sender.address)
    fund(chain, feeAccount.address, 10n ** 7n)
    fund(chain, other.address, 10n ** 7n)
    const abort = new AbortController()
    const logs = await rpcSubscriptions
      .logsNotifications({ mentions: [feeAccount.address] }, { commitment: 'confirmed' })
      .subscribe({ abortSignal: abort.signal })
    await rpcCall(chain, 'sendTransaction', [
      (await outboxWire(chain, sender, other.address)).base64,
      { encoding: 'base64' },
    ])
    const mine = await outboxWire(chain, sender, feeAccount.address)
    await rpcCall(chain, 'sendTransaction', [mine.base64, { encoding: 'base64' }])
    for await (const note of logs) {
      assert.equal(note.value.signature, getSignatureFromTransaction(mine.signed))
      assert.equal(note.value.err, null)
      assert.ok((note.value.logs ?? []).some((l) => l.includes('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr')))
      break
    }
    abort.abort()
  })

  it('carries an outbox transaction with the largest payload', async () => {
    const [sender, feeAccount] = [await generateKeyPairSigner(), await generateKeyPairSigner()]
    fund(chain, sender.address)
    fund(chain, feeAccount.address, 10n ** 7n)
    const out = await outboxWire(chain, sender, feeAccount.address, {
      payload: bytesToHex(new Uint8Array(OUTBOX_MAX_PAYLOAD_BYTES).fill(0xab)),
    })
    // base64 grows in 4-char steps: one more payload byte needs 1233
    assert.equal(Buffer.from(out.base64, 'base64').length, 1229)
    const sent = await rpcCall(chain, 'sendTransaction', [out.base64, { encoding: 'base64' }])
    assert.equal(sent.error, undefined, JSON.stringify(sent.error))
    const record = chain.ledger.bySignature.get(sent.result)!
    assert.equal(record.err, null)
  })
})

describe('startLocalSolana with a stopped clock', () => {
  let chain: LocalSolana
  let sender: KeyPairSigner
  let feeAccount: KeyPairSigner
  before(async () => {
    chain = await startLocalSolana({ slotMs: 0, confirmedLag: 2, finalizedLag: 6 })
    ;[sender, feeAccount] = [await generateKeyPairSigner(), await generateKeyPairSigner()]
    fund(chain, sender.address)
    fund(chain, feeAccount.address, 10n ** 7n)
  })
  after(() => chain.stop())

  it('processed, confirmed and finalized lag as configured', async () => {
    chain.advanceSlots(10)
    assert.deepEqual(
      await Promise.all(
        ['processed', 'confirmed', 'finalized'].map(
          async (commitment) => (await rpcCall(chain, 'getSlot', [{ commitment }])).result,
        ),
      ),
      [10, 8, 4],
    )
    const out = await outboxWire(chain, sender, feeAccount.address)
    const { result: signature } = await rpcCall(chain, 'sendTransaction', [out.base64, { encoding: 'base64' }])
    const status = async () => (await rpcCall(chain, 'getSignatureStatuses', [[signature]])).result.value[0]
    const visibleAt = async (commitment: string) =>
      (await rpcCall(chain, 'getTransaction', [signature, { commitment }])).result !== null
    assert.deepEqual([(await status()).confirmationStatus, await visibleAt('confirmed')], ['processed', false])
    chain.advanceSlots(2)
    assert.deepEqual(
      [
        (await status()).confirmationStatus,
        (await status()).confirmations,
        await visibleAt('confirmed'),
        await visibleAt('finalized'),
      ],
      ['confirmed', 2, true, false],
    )
    chain.advanceSlots(4)
    assert.deepEqual(
      [(await status()).confirmationStatus, (await status()).confirmations, await visibleAt('finalized')],
      ['finalized', null, true],
    )
    const latest = (await rpcCall(chain, 'getLatestBlockhash', [{ commitment: 'finalized' }])).result
    assert.deepEqual([latest.context.slot, latest.value.lastValidBlockHeight], [10, 160])
  })

  it('a blockhash expires after 150 slots', async () => {
    const slot = chain.slot()
    const fresh = await outboxWire(chain, sender, feeAccount.address, { nonce: 1n, blockhashSlot: slot })
    const stale = await outboxWire(chain, sender, feeAccount.address, { nonce: 2n, blockhashSlot: slot })
    chain.advanceSlots(150)
    assert.equal(
      (await rpcCall(chain, 'isBlockhashValid', [fresh.transactionMessage.lifetimeConstraint.blockhash])).result.value,
      true,
    )
    assert.equal((await rpcCall(chain, 'sendTransaction', [fresh.base64, { encoding: 'base64' }])).error, undefined)
    chain.advanceSlots(1)
    const { error } = await rpcCall(chain, 'sendTransaction', [stale.base64, { encoding: 'base64' }])
    assert.deepEqual([error?.code, error?.data?.err], [-32002, 'BlockhashNotFound'])
    assert.equal(
      (await rpcCall(chain, 'isBlockhashValid', [fresh.transactionMessage.lifetimeConstraint.blockhash])).result.value,
      false,
    )
  })

  it('getSignaturesForAddress pages newest first with before/until/limit', async () => {
    const payer = await generateKeyPairSigner()
    fund(chain, payer.address)
    const signatures: string[] = []
    for (let i = 0; i < 7; i++) {
      const { base64 } = await outboxWire(chain, payer, feeAccount.address, { nonce: BigInt(i) })
      signatures.push((await rpcCall(chain, 'sendTransaction', [base64, { encoding: 'base64' }])).result)
      if (i % 2 === 0) chain.advanceSlots(1)
    }
    chain.advanceSlots(6)
    const page = async (config: object) =>
      (
        (await rpcCall(chain, 'getSignaturesForAddress', [payer.address, config])).result as { signature: string }[]
      ).map((s) => s.signature)
    const newest = [...signatures].reverse()
    assert.deepEqual(await page({}), newest)
    const first = await page({ limit: 3 })
    assert.deepEqual(first, newest.slice(0, 3))
    assert.deepEqual(await page({ limit: 3, before: first[2] }), newest.slice(3, 6))
    assert.deepEqual(await page({ before: newest[5] }), newest.slice(6))
    assert.deepEqual(await page({ until: newest[4] }), newest.slice(0, 4))
    assert.deepEqual(await page({ before: newest[0], until: newest[3] }), newest.slice(1, 3))
    const { result: entries } = await rpcCall(chain, 'getSignaturesForAddress', [payer.address, { limit: 1 }])
    assert.match(entries[0].memo, /^\[\d+\] relaymesh:v1:/)
  })

  it('a failed outbox transaction lands with its error (skipPreflight) and decodes as TX_FAILED; preflight refuses it', async () => {
    const poor = await generateKeyPairSigner()
    fund(chain, poor.address, 10n ** 6n)
    const out = await outboxWire(chain, poor, feeAccount.address, { fee: 10n ** 7n })
    const preflight = await rpcCall(chain, 'sendTransaction', [out.base64, { encoding: 'base64' }])
    assert.equal(preflight.error?.code, -32002)
    const { result: signature } = await rpcCall(chain, 'sendTransaction', [
      out.base64,
      { encoding: 'base64', skipPreflight: true },
    ])
    chain.advanceSlots(6)
    const { result: tx } = await rpcCall(chain, 'getTransaction', [signature, { encoding: 'json' }])
    assert.deepEqual(tx.meta.err, { InstructionError: [0, { Custom: 1 }] })
    assert.deepEqual(
      extractOutboxMessages(tx, extractOptions(feeAccount.address)).rejections.map((r) => r.code),
      ['TX_FAILED'],
    )
  })

  it('getBlock lists the slot with its parent and previous blockhash', async () => {
    const slot = chain.slot() - 6
    const { result: block } = await rpcCall(chain, 'getBlock', [
      slot,
      { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0 },
    ])
    const { result: parent } = await rpcCall(chain, 'getBlock', [slot - 1, { transactionDetails: 'none' }])
    assert.deepEqual([block.parentSlot, block.previousBlockhash, block.blockHeight], [slot - 1, parent.blockhash, slot])
    assert.equal((await rpcCall(chain, 'getBlock', [chain.slot()])).error?.code, -32004)
  })

  it('signatureSubscribe notifies at once for a known signature; slotSubscribe follows the clock', async () => {
    const out = await outboxWire(chain, sender, feeAccount.address, { nonce: 99n })
    const { result: signature } = await rpcCall(chain, 'sendTransaction', [out.base64, { encoding: 'base64' }])
    const ws = new WebSocket(chain.wsUrl)
    await new Promise((resolve) => ws.once('open', resolve))
    const received: any[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
    let onMessage = () => {}
    ws.on('message', (data) => {
      received.push(JSON.parse(String(data)))
      onMessage()
    })
    /** Resolves once `done()` holds, checked on every message: waits on what the socket delivered, not on a timer. */
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        onMessage = () => void (done() && resolve())
        onMessage()
      })
    const ofMethod = (method: string) => received.filter((m) => m.method === method)
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'signatureSubscribe',
        params: [signature, { commitment: 'processed' }],
      }),
    )
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'slotSubscribe' }))
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'signatureSubscribe',
        params: [signature, { commitment: 'finalized' }],
      }),
    )
    await until(() => received.filter((m) => 'id' in m).length === 3) // all three subscribed before the slots move
    chain.advanceSlots(6)
    await until(() => ofMethod('signatureNotification').length >= 2 && ofMethod('slotNotification').length >= 6)
    ws.close()
    const [sub1, , sub3] = received
      .slice(0, 4)
      .filter((m) => 'id' in m)
      .map((m) => m.result)
    const notes = ofMethod('signatureNotification')
    assert.deepEqual(
      notes.map((n) => n.params.subscription),
      [sub1, sub3],
    )
    assert.deepEqual(notes[0].params.result.value, { err: null })
    assert.equal(ofMethod('slotNotification').length, 6)
  })
})
