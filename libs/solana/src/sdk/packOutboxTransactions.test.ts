// Several outbox memos per transaction: packing under the 1232-byte limit, and the extractor's
// rules for such transactions (one fee transfer covering count * minFee; instruction order numbering).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  VersionedMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import bs58 from 'bs58'
import { domains, encodeMessage, keccak256, messageIds, type Hex } from '@relaymesh/protocol'
import { MEMO_PROGRAM_ADDRESS, OUTBOX_MAX_PAYLOAD_BYTES, SOLANA_MAX_TRANSACTION_BYTES } from '../constants.js'
import { encodeOutboxMemo } from '../outbox/encodeOutboxMemo.js'
import { extractOutboxMessages } from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { solanaMessageNonce } from '../slot/solanaMessageNonce.js'
import { extractSlotMessages } from '../slot/extractSlotMessages.js'
import { packOutboxTransactions, type PackOutboxTransactionsParameters } from './packOutboxTransactions.js'

const sender = Keypair.fromSeed(new Uint8Array(32).fill(3))
const feeAccount = Keypair.fromSeed(new Uint8Array(32).fill(4)).publicKey.toBase58()
const recipient: Hex = `0x${'22'.repeat(32)}`
const recentBlockhash = bs58.encode(new Uint8Array(32).fill(9))
const options = { origin: domains.solanaLocal, feeAccount, minFeeLamports: 5000n }

function pack(messages: PackOutboxTransactionsParameters['messages'], fee = 5000n) {
  return packOutboxTransactions({
    sender: sender.publicKey.toBase58(),
    feeAccount,
    fee,
    origin: domains.solanaLocal,
    messages,
    recentBlockhash,
  })
}

function sign(message: Uint8Array): Uint8Array {
  const transaction = new VersionedTransaction(VersionedMessage.deserialize(message))
  transaction.sign([sender])
  return transaction.serialize()
}

function signed(message: Uint8Array): SolanaTransactionResponse {
  return { meta: { err: null }, transaction: [Buffer.from(sign(message)).toString('base64'), 'base64'] }
}

const small = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    destination: i % 2 ? domains.bscLocal : domains.ethereumLocal,
    recipient,
    payload: `0x${i.toString(16).padStart(8, '0')}` as Hex,
  }))

describe('packOutboxTransactions', () => {
  it('packs in order into as few transactions as fit 1232 bytes; each is as full as it can be', () => {
    const messages = small(50)
    const packed = pack(messages)
    assert.deepEqual(
      packed.flatMap((p) => p.memoMessages.map((m) => m.payload)),
      messages.map((m) => m.payload),
    )
    assert.ok(packed.length <= Math.ceil(50 / 6), `${packed.length} transactions for 50 small messages`)
    for (const [i, p] of packed.entries()) {
      assert.ok(p.wireBytes <= SOLANA_MAX_TRANSACTION_BYTES)
      assert.equal(sign(p.message).length, p.wireBytes, 'the counted size is the signed size')
      const next = packed[i + 1]
      if (next)
        assert.equal(
          pack([...p.memoMessages, next.memoMessages[0]!]).length,
          2,
          `transaction ${i} could have taken one more`,
        )
    }
  })

  it('every memo of a packed transaction is accepted under one transfer of count * fee, numbered in instruction order', () => {
    const packed = pack(small(20))
    const responses = packed.map((p) => signed(p.message))
    for (const [i, response] of responses.entries()) {
      const { messages, rejections } = extractOutboxMessages(response, options)
      assert.deepEqual(rejections, [])
      assert.deepEqual(
        messages.map((m) => m.instructionIndex),
        packed[i]!.memoMessages.map((_, k) => k + 1),
      )
      assert.deepEqual(
        messages.map((m) => m.id),
        packed[i]!.memoMessages.map((m) => keccak256(encodeMessage(m))),
      )
    }
    const slot = 77
    const { messages, ids } = extractSlotMessages({
      slot,
      epoch: 3,
      messagesBefore: 250,
      transactions: responses,
      ...options,
    })
    assert.equal(messages.length, 20)
    assert.deepEqual(
      messages.map((m) => m.encoded),
      messages.map((m) => encodeMessage(m.message)),
      'the memo bytes renumbered are the renumbered message encoded',
    )
    assert.deepEqual(ids, messageIds(messages.map((m) => m.encoded)), 'the ids packed, in position order')
    assert.deepEqual(
      messages.map((m) => m.id),
      messages.map((m) => keccak256(m.encoded)),
      "each message's id is its 32 bytes of the packed ids",
    )
    assert.deepEqual(
      messages.map((m) => m.position),
      [...Array(20).keys()],
    )
    assert.deepEqual(
      messages.map((m) => m.message.nonce),
      messages.map((m) => solanaMessageNonce(3, 250 + m.position)),
    )
    assert.deepEqual(
      messages.map((m) => m.message.nonce - messages[0]!.message.nonce),
      [...Array(20).keys()].map(BigInt),
      'dense: consecutive nonces',
    )
    assert.deepEqual(
      messages.map((m) => m.message.payload),
      small(20).map((m) => m.payload),
    )
  })

  it('FEE_MISSING for every memo when the transfer is below count * minFee, even though it covers one message', () => {
    const [first] = pack(small(6), 5000n)
    const response = signed(first!.message)
    const { messages, rejections } = extractOutboxMessages(response, { ...options, minFeeLamports: 5001n })
    assert.equal(messages.length, 0)
    assert.deepEqual(
      rejections.map((r) => r.code),
      Array(first!.memoMessages.length).fill('FEE_MISSING'),
    )
  })

  it('MEMO_TOO_LARGE when one message alone does not fit a transaction; the largest that fits is OUTBOX_MAX_PAYLOAD_BYTES', () => {
    const payload = (n: number) => `0x${'ab'.repeat(n)}` as Hex
    assert.throws(
      () => pack([{ destination: 1, recipient, payload: payload(OUTBOX_MAX_PAYLOAD_BYTES + 1) }]),
      (e: unknown) => (e as { code?: string }).code === 'MEMO_TOO_LARGE',
    )
    const [largest] = pack([{ destination: 1, recipient, payload: payload(OUTBOX_MAX_PAYLOAD_BYTES) }])
    assert.equal(sign(largest!.message).length, largest!.wireBytes)
    assert.ok(largest!.wireBytes <= SOLANA_MAX_TRANSACTION_BYTES)
  })

  it('the same bytes web3.js compiles for a transfer and memos (keys, header, instructions)', () => {
    const [packed] = pack(small(3))
    const legacy = new Transaction({
      feePayer: sender.publicKey,
      blockhash: recentBlockhash,
      lastValidBlockHeight: 1,
    }).add(
      SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: new PublicKey(feeAccount), lamports: 15_000n }),
      ...packed!.memoMessages.map(
        (m) =>
          new TransactionInstruction({
            programId: new PublicKey(MEMO_PROGRAM_ADDRESS),
            keys: [{ pubkey: sender.publicKey, isSigner: true, isWritable: false }],
            data: Buffer.from(encodeOutboxMemo(m)),
          }),
      ),
    )
    assert.deepEqual(Buffer.from(packed!.message), legacy.serializeMessage())
  })
})
