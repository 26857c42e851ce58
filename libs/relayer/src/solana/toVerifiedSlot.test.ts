// A verified Solana slot in the columns the store takes: the ids stay the bytes `extractSlotMessages` hashed.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { bytesToHex, domains, keccak256, messageIds, type Hex, type Message } from '@relaymesh/protocol'
import {
  buildSlotCommitment,
  createDevCommittee,
  encodeOutboxMemo,
  extractSlotMessages,
  signSlotCommitment,
  MEMO_PROGRAM_ADDRESS,
  type OutboxSlotTransaction,
} from '@relaymesh/solana'
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@relaymesh/solana/web3'
import bs58 from 'bs58'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import { toVerifiedSlot } from './toVerifiedSlot.js'
import { verifySolanaSlot, type VerifySolanaSlotOptions } from './verifySolanaSlot.js'

const origin = domains.solanaLocal
const slot = 2_345
const feeAccount = Keypair.generate().publicKey.toBase58()
const sender = Keypair.generate()
const blockhash = bs58.encode(new Uint8Array(32).fill(7))
const { committee, keys } = createDevCommittee({ epoch: 2, size: 3 })
const options: VerifySolanaSlotOptions = {
  domain: origin,
  feeAccount,
  minFeeLamports: 5000n,
  slotsPerEpoch: 1000,
  schedule: [{ fromEpoch: 0, members: committee.members }],
  destinations: new Set([domains.ethereumLocal]),
  maxPayloadBytes: 1024,
}

function memoTx(destination: number, payload: Hex): OutboxSlotTransaction {
  const message: Message = {
    version: 2,
    nonce: 0n,
    origin,
    sender: bytesToHex(sender.publicKey.toBytes()),
    destination,
    recipient: `0x${'12'.repeat(32)}`,
    gasLimit: 200_000,
    payload,
  }
  const tx = new Transaction({ feePayer: sender.publicKey, blockhash, lastValidBlockHeight: 1000 }).add(
    SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: new PublicKey(feeAccount), lamports: 5000 }),
    new TransactionInstruction({
      programId: new PublicKey(MEMO_PROGRAM_ADDRESS),
      keys: [{ pubkey: sender.publicKey, isSigner: true, isWritable: false }],
      data: Buffer.from(encodeOutboxMemo(message)),
    }),
  )
  tx.sign(sender)
  // reason: signed just above
  return { signature: bs58.encode(tx.signature!), wire: tx.serialize().toString('base64'), err: null }
}

/** A slot over `transactions`, signed by the whole committee, the watcher's claims as `claimsOf` makes them. */
function slotBundle(
  transactions: OutboxSlotTransaction[],
  claimsOf: (ids: Uint8Array[]) => SolanaSlotBundle['claims'],
): SolanaSlotBundle {
  const responses = transactions.map((t) => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] as const }))
  const extracted = extractSlotMessages({
    slot,
    epoch: 2,
    messagesBefore: 40,
    transactions: responses,
    origin,
    feeAccount,
    minFeeLamports: 5000n,
  })
  const commitment = buildSlotCommitment({
    domain: origin,
    slot,
    blockhash,
    slotsPerEpoch: options.slotsPerEpoch,
    messagesBefore: 40,
    ids: extracted.ids,
  })
  return {
    origin,
    slot,
    blockhash,
    observedAt: 1_700_000_000_000,
    transactions,
    commitment,
    signatures: signSlotCommitment(keys, commitment),
    claims: claimsOf(extracted.messages.map((m) => m.id)),
  }
}

const traceparent = (i: number): string =>
  `00-${'0a'.repeat(15)}${i.toString(16).padStart(2, '0')}-${'0b'.repeat(8)}-01`

describe('toVerifiedSlot', () => {
  test('every message verified: the ids column is the packed ids as hashed, each field read from the message', () => {
    const transactions = [0, 1, 2].map((i) => memoTx(domains.ethereumLocal, `0x0${i}`))
    const bundle = slotBundle(transactions, (ids) =>
      ids.map((messageId, i) => ({ messageId, traceparent: traceparent(i) })),
    )
    const result = verifySolanaSlot(bundle, options)
    const { messages: columns, refused, verification } = toVerifiedSlot(bundle, bs58.decode(blockhash), result)

    assert.equal(columns.count, 3)
    assert.equal(columns.ids, result.ids, 'the slot ids as they are, no copy')
    assert.deepEqual(columns.ids, messageIds(result.messages.map((m) => m.encoded)))
    assert.deepEqual(
      result.messages.map((m) => m.id),
      result.messages.map((m) => keccak256(m.encoded)),
    )
    assert.deepEqual(
      [...columns.nonces],
      [0, 1, 2].map((i) => (2n << 40n) | BigInt(40 + i)),
    )
    assert.deepEqual(
      [...columns.destinations],
      [0, 1, 2].map(() => domains.ethereumLocal),
    )
    assert.deepEqual(columns.payloads, Uint8Array.of(0, 1, 2))
    assert.deepEqual(columns.senders.subarray(32, 64), sender.publicKey.toBytes())
    assert.deepEqual(columns.txHashes, Uint8Array.from(transactions.flatMap((t) => [...bs58.decode(t.signature)])))
    assert.deepEqual([...columns.logIndexes], [1, 1, 1], 'the memo is instruction 1, after the transfer')
    assert.deepEqual(columns.traceparents, [0, 1, 2].map(traceparent))
    assert.deepEqual([refused, verification], [[], 'attested'])
  })

  test('a message refused by route: left out of the columns, refused with its id as bytes', () => {
    const transactions = [
      memoTx(domains.ethereumLocal, '0x0a'),
      memoTx(4_242, '0x0b'),
      memoTx(domains.ethereumLocal, '0x0c'),
    ]
    const bundle = slotBundle(transactions, (ids) =>
      ids.map((messageId, i) => ({ messageId, traceparent: traceparent(i) })),
    )
    const result = verifySolanaSlot(bundle, options)
    const { messages: columns, refused } = toVerifiedSlot(bundle, bs58.decode(blockhash), result)

    assert.deepEqual(result.verified, [0, 2])
    assert.equal(columns.count, 2)
    const id = (p: number) => result.ids.subarray(32 * p, 32 * p + 32)
    assert.deepEqual(columns.ids, Uint8Array.from([...id(0), ...id(2)]))
    assert.deepEqual(columns.payloads, Uint8Array.of(0x0a, 0x0c))
    assert.deepEqual(columns.traceparents, [traceparent(0), traceparent(2)])
    assert.deepEqual(
      refused.map((r) => [r.code, r.messageId]),
      [['UNKNOWN_ROUTE', id(1)]],
    )
  })

  test('claims out of order or naming other ids start no trace; the messages are stored all the same', () => {
    const transactions = [0, 1, 2].map((i) => memoTx(domains.ethereumLocal, `0x1${i}`))
    const bundle = slotBundle(transactions, (ids) => [
      { messageId: ids[1]!, traceparent: traceparent(1) }, // reason: three ids
      { messageId: ids[1]!, traceparent: traceparent(5) }, // reason: as above
      { messageId: new Uint8Array(32), traceparent: traceparent(2) },
    ])
    const { messages: columns } = toVerifiedSlot(bundle, bs58.decode(blockhash), verifySolanaSlot(bundle, options))
    assert.equal(columns.count, 3)
    assert.deepEqual(columns.traceparents, [undefined, traceparent(5), undefined])
  })
})
