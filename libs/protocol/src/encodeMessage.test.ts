import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { addressToBytes32 } from './addressToBytes32.js'
import { bytesToHex } from './bytesToHex.js'
import { decodeMessage } from './decodeMessage.js'
import { domains } from './domains.js'
import { encodeMessage } from './encodeMessage.js'
import { encodeMessageHex } from './encodeMessageHex.js'
import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import type { Message } from './Message.js'
import { ProtocolError, type ProtocolErrorCode } from './ProtocolError.js'

const sender = addressToBytes32('0x1111111111111111111111111111111111111111')
const recipient = `0x${'ab'.repeat(32)}` as Hex // reason: a Solana-style full 32-byte key
const message: Message = {
  version: 2,
  nonce: 0x0102030405060708n,
  origin: domains.ethereum,
  sender,
  destination: domains.solana,
  recipient,
  gasLimit: 0x000493e0, // 300,000
  payload: '0xdeadbeef',
}

function rejects(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code && e.action === 'reject', code)
}

describe('encodeMessage', () => {
  test('packs the fields big-endian at the PROTOCOL.md offsets', () => {
    const hex = encodeMessageHex(message)
    const expected =
      '0x02' +
      '0102030405060708' +
      '00000001' +
      '0000000000000000000000001111111111111111111111111111111111111111' +
      '536f6c4d' + // 1399811149
      'ab'.repeat(32) +
      '000493e0' +
      'deadbeef'
    assert.equal(hex, expected)
    assert.equal(encodeMessage(message).length, 85 + 4)
  })

  test('round trips through decodeMessage, from bytes and from hex', () => {
    const cases: Message[] = [
      message,
      { ...message, payload: '0x', nonce: 0n },
      { ...message, nonce: (1n << 64n) - 1n, origin: 0xffffffff, destination: 0, gasLimit: 0xffffffff },
      { ...message, gasLimit: 0 },
      { ...message, payload: bytesToHex(new Uint8Array(65536).fill(7)) },
    ]
    for (const m of cases) {
      assert.deepEqual(decodeMessage(encodeMessage(m)), m)
      assert.deepEqual(decodeMessage(encodeMessageHex(m)), m)
    }
  })

  test('decoding lowercases hex fields', () => {
    // reason: test input
    const upper = { ...message, recipient: `0x${'AB'.repeat(32)}` as Hex, payload: '0xDEADBEEF' as Hex }
    assert.deepEqual(decodeMessage(encodeMessage(upper)), message)
  })

  test('MESSAGE_UNKNOWN_VERSION for version other than 2', () => {
    rejects(() => encodeMessage({ ...message, version: 1 }), 'MESSAGE_UNKNOWN_VERSION')
    rejects(() => encodeMessage({ ...message, version: 0 }), 'MESSAGE_UNKNOWN_VERSION')
  })

  test('MESSAGE_FIELD_OUT_OF_RANGE for nonce, domains, gas limit, sender, recipient', () => {
    rejects(() => encodeMessage({ ...message, nonce: -1n }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    rejects(() => encodeMessage({ ...message, nonce: 1n << 64n }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    // reason: untyped caller
    rejects(() => encodeMessage({ ...message, nonce: 5 as unknown as bigint }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      rejects(() => encodeMessage({ ...message, origin: bad }), 'MESSAGE_FIELD_OUT_OF_RANGE')
      rejects(() => encodeMessage({ ...message, destination: bad }), 'MESSAGE_FIELD_OUT_OF_RANGE')
      rejects(() => encodeMessage({ ...message, gasLimit: bad }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    }
    rejects(
      () => encodeMessage({ ...message, sender: '0x1111111111111111111111111111111111111111' }),
      'MESSAGE_FIELD_OUT_OF_RANGE',
    )
    rejects(() => encodeMessage({ ...message, recipient: `0x${'00'.repeat(33)}` }), 'MESSAGE_FIELD_OUT_OF_RANGE')
  })

  test('HEX_INVALID for malformed hex fields', () => {
    rejects(() => encodeMessage({ ...message, payload: '0x123' }), 'HEX_INVALID')
    rejects(() => encodeMessage({ ...message, payload: '0xzz' }), 'HEX_INVALID')
    rejects(() => encodeMessage({ ...message, payload: 'dead' as Hex }), 'HEX_INVALID') // reason: untyped caller
    rejects(() => encodeMessage({ ...message, sender: `0x${'g0'.repeat(32)}` }), 'HEX_INVALID')
    rejects(() => hexToBytes('0x0' as Hex), 'HEX_INVALID')
  })

  test('MESSAGE_PAYLOAD_TOO_LARGE above the default or the configured limit', () => {
    const big = { ...message, payload: bytesToHex(new Uint8Array(65537)) }
    rejects(() => encodeMessage(big), 'MESSAGE_PAYLOAD_TOO_LARGE')
    rejects(() => encodeMessage(message, { maxPayloadBytes: 3 }), 'MESSAGE_PAYLOAD_TOO_LARGE')
    assert.equal(encodeMessage(message, { maxPayloadBytes: 4 }).length, 89)
  })

  test('MAX_PAYLOAD_INVALID when the limit is raised or not an integer', () => {
    rejects(() => encodeMessage(message, { maxPayloadBytes: 65537 }), 'MAX_PAYLOAD_INVALID')
    rejects(() => decodeMessage(encodeMessage(message), { maxPayloadBytes: -1 }), 'MAX_PAYLOAD_INVALID')
    rejects(() => decodeMessage(encodeMessage(message), { maxPayloadBytes: 1.5 }), 'MAX_PAYLOAD_INVALID')
  })
})
