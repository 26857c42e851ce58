import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import bs58 from 'bs58'
import { bytesToHex, domains, encodeMessage } from '@relaymesh/protocol'
import { OUTBOX_MAX_PAYLOAD_BYTES, SOLANA_MAX_TRANSACTION_BYTES } from '../constants.js'
import { decodeOutboxMemo } from './decodeOutboxMemo.js'
import { encodeOutboxMemo } from './encodeOutboxMemo.js'
import { extractOutboxMessages, type ExtractOutboxMessagesParameters } from './extractOutboxMessages.js'
import { FEE_ACCOUNT, jsonResponse, signedOutbox, testMessage, testSigner } from './testing.js'

const text = (s: string) => new TextEncoder().encode(s)
const options: ExtractOutboxMessagesParameters = {
  origin: domains.solanaLocal,
  feeAccount: FEE_ACCOUNT,
  minFeeLamports: 5000n,
}
const sender = `0x${'11'.repeat(32)}` as const
const message = { version: 2, sender, ...testMessage() }

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code // reason: reading the relaymesh error code
  }
  return undefined
}

describe('encodeOutboxMemo / decodeOutboxMemo', () => {
  it('round-trips and names the id', () => {
    const data = encodeOutboxMemo(message)
    assert.match(new TextDecoder().decode(data), /^relaymesh:v1:[A-Za-z0-9+/]+=*$/)
    const decoded = decodeOutboxMemo(data)
    assert.deepEqual(decoded.message, message)
    assert.deepEqual(decoded.encoded, encodeMessage(message))
  })
  it('MEMO_NOT_PROTOCOL for ordinary memos', () => {
    for (const memo of ['transfer', 'ping', '', 'relaymesh', 'RELAYMESH:v1:AA=='])
      assert.equal(
        codeOf(() => decodeOutboxMemo(text(memo))),
        'MEMO_NOT_PROTOCOL',
        memo,
      )
  })
  it('MEMO_TRUNCATED: no payload, cut base64, short message', () => {
    const full = new TextDecoder().decode(encodeOutboxMemo(message))
    for (const memo of [
      'relaymesh:',
      'relaymesh:v1',
      'relaymesh:v1:',
      full.slice(0, full.length - 3),
      `relaymesh:v1:${Buffer.from(encodeMessage(message).subarray(0, 60)).toString('base64')}`,
    ]) {
      assert.equal(
        codeOf(() => decodeOutboxMemo(text(memo))),
        'MEMO_TRUNCATED',
        memo,
      )
    }
  })
  it('MEMO_UNKNOWN_VERSION: memo format and message version', () => {
    assert.equal(
      codeOf(() => decodeOutboxMemo(text('relaymesh:v2:AAAA'))),
      'MEMO_UNKNOWN_VERSION',
    )
    const v1 = encodeMessage(message) // a v1 message (no gas limit) inside the v1 memo envelope
    v1[0] = 1
    assert.equal(
      codeOf(() => decodeOutboxMemo(text(`relaymesh:v1:${Buffer.from(v1).toString('base64')}`))),
      'MEMO_UNKNOWN_VERSION',
    )
  })
  it('MEMO_BAD_ENCODING: not base64, non-canonical base64, bad payload size', () => {
    assert.equal(
      codeOf(() => decodeOutboxMemo(text('relaymesh:v1:!!!!'))),
      'MEMO_BAD_ENCODING',
    )
    assert.equal(
      codeOf(() => decodeOutboxMemo(text('relaymesh:v1:AB=='))),
      'MEMO_BAD_ENCODING',
    )
    const data = encodeOutboxMemo(message)
    assert.equal(
      codeOf(() => decodeOutboxMemo(data, { maxPayloadBytes: 2 })),
      'MEMO_BAD_ENCODING',
    )
  })
})

describe('buildOutboxTransaction', () => {
  it('fills the sender from the signer and rejects another sender', async () => {
    const signer = await testSigner(1)
    const { message: built, wireBytes } = await signedOutbox({ sender: signer })
    assert.equal(built.sender, bytesToHex(bs58.decode(signer.address)))
    assert.ok(wireBytes < SOLANA_MAX_TRANSACTION_BYTES)
    await assert.rejects(signedOutbox({ sender: signer, message: testMessage({ sender }) }), {
      code: 'SENDER_MISMATCH',
    })
  })
  it(`fits a ${OUTBOX_MAX_PAYLOAD_BYTES}-byte payload exactly, not one more`, async () => {
    const signer = await testSigner(1)
    const payload = (n: number) => bytesToHex(new Uint8Array(n).fill(7))
    const max = await signedOutbox({
      sender: signer,
      message: testMessage({ payload: payload(OUTBOX_MAX_PAYLOAD_BYTES) }),
    })
    assert.ok(
      max.wireBytes <= SOLANA_MAX_TRANSACTION_BYTES && max.wireBytes > SOLANA_MAX_TRANSACTION_BYTES - 4,
      String(max.wireBytes),
    )
    assert.equal(Buffer.from(max.base64, 'base64').length, max.wireBytes)
    await assert.rejects(
      signedOutbox({ sender: signer, message: testMessage({ payload: payload(OUTBOX_MAX_PAYLOAD_BYTES + 1) }) }),
      { code: 'MEMO_TOO_LARGE' },
    )
  })
})

describe('extractOutboxMessages', () => {
  it('reads base64, json and jsonParsed encodings alike', async () => {
    const signer = await testSigner(1)
    const { base64, id } = await signedOutbox({ sender: signer })
    const json = jsonResponse(base64)
    const parsed = {
      meta: { err: null },
      transaction: {
        signatures: json.transaction.signatures,
        message: {
          accountKeys: json.transaction.message.accountKeys.map((pubkey, i) => ({ pubkey, signer: i === 0 })),
          instructions: [
            {
              programId: '11111111111111111111111111111111',
              program: 'system',
              parsed: { type: 'transfer', info: { source: signer.address, destination: FEE_ACCOUNT, lamports: 5000 } },
            },
            {
              programId: 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
              program: 'spl-memo',
              parsed: new TextDecoder().decode(
                json.transaction.message.instructions[1]
                  ? bs58.decode(json.transaction.message.instructions[1].data)
                  : new Uint8Array(),
              ),
            },
          ],
        },
      },
    }
    for (const response of [{ meta: { err: null }, transaction: [base64, 'base64'] as const }, json, parsed]) {
      const { messages, rejections } = extractOutboxMessages(response, options)
      assert.deepEqual(rejections, [])
      assert.equal(messages.length, 1)
      assert.equal(bytesToHex(messages[0]!.id), id)
      assert.equal(messages[0]?.signature, json.transaction.signatures[0])
      assert.equal(messages[0]?.instructionIndex, 1)
    }
  })
  it('TX_FAILED for a failed transaction', async () => {
    const { base64 } = await signedOutbox({ sender: await testSigner(1) })
    const { messages, rejections } = extractOutboxMessages(
      jsonResponse(base64, { InstructionError: [0, 'InvalidArgument'] }),
      options,
    )
    assert.equal(messages.length, 0)
    assert.deepEqual(
      rejections.map((r) => r.code),
      ['TX_FAILED'],
    )
  })
  it('SENDER_MISMATCH when the message names another sender than the memo signer', async () => {
    const { base64 } = await signedOutbox({ sender: await testSigner(1) })
    const json = jsonResponse(base64)
    const memo = json.transaction.message.instructions[1]!
    const forged = {
      ...json,
      transaction: {
        ...json.transaction,
        message: {
          ...json.transaction.message,
          instructions: [
            json.transaction.message.instructions[0]!,
            { ...memo, data: bs58.encode(encodeOutboxMemo(message)) },
          ],
        },
      },
    }
    assert.deepEqual(
      extractOutboxMessages(forged, options).rejections.map((r) => r.code),
      ['SENDER_MISMATCH'],
    )
    const unlisted = {
      ...json,
      transaction: {
        ...json.transaction,
        message: {
          ...json.transaction.message,
          instructions: [json.transaction.message.instructions[0]!, { ...memo, accounts: [] }],
        },
      },
    }
    assert.deepEqual(
      extractOutboxMessages(unlisted, options).rejections.map((r) => r.code),
      ['SENDER_MISMATCH'],
    )
  })
  it('FEE_MISSING when the transfer is short or goes elsewhere', async () => {
    const signer = await testSigner(1)
    const short = await signedOutbox({ sender: signer, fee: 4999n })
    assert.deepEqual(
      extractOutboxMessages(jsonResponse(short.base64), options).rejections.map((r) => r.code),
      ['FEE_MISSING'],
    )
    const elsewhere = await signedOutbox({ sender: signer, feeAccount: signer.address })
    assert.deepEqual(
      extractOutboxMessages(jsonResponse(elsewhere.base64), options).rejections.map((r) => r.code),
      ['FEE_MISSING'],
    )
  })
  it('MEMO_WRONG_ORIGIN for a message claiming another origin', async () => {
    const { base64 } = await signedOutbox({
      sender: await testSigner(1),
      message: testMessage({ origin: domains.solana }),
    })
    assert.deepEqual(
      extractOutboxMessages(jsonResponse(base64), options).rejections.map((r) => r.code),
      ['MEMO_WRONG_ORIGIN'],
    )
  })
  it('TX_MALFORMED for an unreadable response', () => {
    assert.equal(
      codeOf(() => extractOutboxMessages({ meta: { err: null }, transaction: ['!!', 'base64'] }, options)),
      'TX_MALFORMED',
    )
    assert.equal(
      codeOf(() => extractOutboxMessages({ meta: null, transaction: ['', 'base64'] }, options)),
      'TX_MALFORMED',
    )
  })
})
