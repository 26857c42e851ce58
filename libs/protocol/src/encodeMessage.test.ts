import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { addressToBytes32 } from './addressToBytes32.js'
import { bytes32ToAddress } from './bytes32ToAddress.js'
import { bytesToHex } from './bytesToHex.js'
import { decodeMessage } from './decodeMessage.js'
import { domains } from './domains.js'
import { encodeMessage } from './encodeMessage.js'
import { encodeMessageHex } from './encodeMessageHex.js'
import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import type { Message } from './Message.js'
import { messageId } from './messageId.js'
import { messageIds } from './messageIds.js'
import { ProtocolError, type ProtocolErrorCode } from './ProtocolError.js'

const sender = addressToBytes32('0x1111111111111111111111111111111111111111')
const recipient = `0x${'ab'.repeat(32)}` as Hex // reason: a Solana-style full 32-byte key
const message: Message = {
  version: 1,
  nonce: 0x0102030405060708n,
  origin: domains.ethereum,
  sender,
  destination: domains.solana,
  recipient,
  payload: '0xdeadbeef',
}

function rejects(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code && e.action === 'reject', code)
}

describe('encodeMessage', () => {
  test('packs the fields big-endian at the PROTOCOL.md offsets', () => {
    const hex = encodeMessageHex(message)
    const expected =
      '0x01' +
      '0102030405060708' +
      '00000001' +
      '0000000000000000000000001111111111111111111111111111111111111111' +
      '536f6c4d' + // 1399811149
      'ab'.repeat(32) +
      'deadbeef'
    assert.equal(hex, expected)
    assert.equal(encodeMessage(message).length, 81 + 4)
  })

  test('round trips through decodeMessage, from bytes and from hex', () => {
    const cases: Message[] = [
      message,
      { ...message, payload: '0x', nonce: 0n },
      { ...message, nonce: (1n << 64n) - 1n, origin: 0xffffffff, destination: 0 },
      { ...message, payload: bytesToHex(new Uint8Array(65536).fill(7)) },
    ]
    for (const m of cases) {
      assert.deepEqual(decodeMessage(encodeMessage(m)), m)
      assert.deepEqual(decodeMessage(encodeMessageHex(m)), m)
    }
  })

  test('decoding lowercases hex fields', () => {
    const upper = { ...message, recipient: `0x${'AB'.repeat(32)}` as Hex, payload: '0xDEADBEEF' as Hex } // reason: test input
    assert.deepEqual(decodeMessage(encodeMessage(upper)), message)
  })

  test('MESSAGE_UNKNOWN_VERSION for version other than 1', () => {
    rejects(() => encodeMessage({ ...message, version: 2 }), 'MESSAGE_UNKNOWN_VERSION')
    rejects(() => encodeMessage({ ...message, version: 0 }), 'MESSAGE_UNKNOWN_VERSION')
  })

  test('MESSAGE_FIELD_OUT_OF_RANGE for nonce, domains, sender, recipient', () => {
    rejects(() => encodeMessage({ ...message, nonce: -1n }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    rejects(() => encodeMessage({ ...message, nonce: 1n << 64n }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    rejects(() => encodeMessage({ ...message, nonce: 5 as unknown as bigint }), 'MESSAGE_FIELD_OUT_OF_RANGE') // reason: untyped caller
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      rejects(() => encodeMessage({ ...message, origin: bad }), 'MESSAGE_FIELD_OUT_OF_RANGE')
      rejects(() => encodeMessage({ ...message, destination: bad }), 'MESSAGE_FIELD_OUT_OF_RANGE')
    }
    rejects(() => encodeMessage({ ...message, sender: '0x1111111111111111111111111111111111111111' }), 'MESSAGE_FIELD_OUT_OF_RANGE')
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
    assert.equal(encodeMessage(message, { maxPayloadBytes: 4 }).length, 85)
  })

  test('MAX_PAYLOAD_INVALID when the limit is raised or not an integer', () => {
    rejects(() => encodeMessage(message, { maxPayloadBytes: 65537 }), 'MAX_PAYLOAD_INVALID')
    rejects(() => decodeMessage(encodeMessage(message), { maxPayloadBytes: -1 }), 'MAX_PAYLOAD_INVALID')
    rejects(() => decodeMessage(encodeMessage(message), { maxPayloadBytes: 1.5 }), 'MAX_PAYLOAD_INVALID')
  })
})

describe('decodeMessage', () => {
  const bytes = encodeMessage(message)

  test('MESSAGE_TRUNCATED for empty input and anything shorter than the header', () => {
    rejects(() => decodeMessage(new Uint8Array(0)), 'MESSAGE_TRUNCATED')
    rejects(() => decodeMessage('0x'), 'MESSAGE_TRUNCATED')
    for (const length of [1, 9, 45, 80]) rejects(() => decodeMessage(bytes.subarray(0, length)), 'MESSAGE_TRUNCATED')
    assert.equal(decodeMessage(bytes.subarray(0, 81)).payload, '0x')
  })

  test('MESSAGE_UNKNOWN_VERSION is checked before the length', () => {
    const v2 = bytes.slice()
    v2[0] = 2
    rejects(() => decodeMessage(v2), 'MESSAGE_UNKNOWN_VERSION')
    rejects(() => decodeMessage(new Uint8Array([0])), 'MESSAGE_UNKNOWN_VERSION')
  })

  test('MESSAGE_PAYLOAD_TOO_LARGE over the limit', () => {
    rejects(() => decodeMessage(bytes, { maxPayloadBytes: 3 }), 'MESSAGE_PAYLOAD_TOO_LARGE')
    const huge = new Uint8Array(81 + 65537)
    huge[0] = 1
    rejects(() => decodeMessage(huge), 'MESSAGE_PAYLOAD_TOO_LARGE')
  })

  test('HEX_INVALID for malformed hex input', () => {
    rejects(() => decodeMessage('0x0' as Hex), 'HEX_INVALID')
  })

  test('reads a subarray view at a non-zero offset', () => {
    const backing = new Uint8Array(bytes.length + 5)
    backing.set(bytes, 5)
    assert.deepEqual(decodeMessage(backing.subarray(5)), message)
  })
})

describe('messageId and messageIds', () => {
  test('id is keccak256 of the encoding', () => {
    const bytes = encodeMessage(message)
    const expected = bytesToHex(keccak_256(bytes))
    assert.equal(messageId(bytes), expected)
    assert.equal(messageId(bytesToHex(bytes)), expected)
  })

  test('messageIds packs the ids in order', () => {
    const encoded = [0n, 1n, 2n].map((nonce) => encodeMessage({ ...message, nonce }))
    const ids = messageIds(encoded)
    encoded.forEach((e, i) => assert.equal(bytesToHex(ids.subarray(32 * i, 32 * i + 32)), messageId(e)))
  })
})

describe('addressToBytes32 and bytes32ToAddress', () => {
  test('pad and unpad, lowercase', () => {
    const padded = addressToBytes32('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
    assert.equal(padded, '0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed')
    assert.equal(bytes32ToAddress(padded), '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')
  })

  test('ADDRESS_INVALID for anything but 20 bytes of hex', () => {
    rejects(() => addressToBytes32('0x1234'), 'ADDRESS_INVALID')
    rejects(() => addressToBytes32(`0x${'zz'.repeat(20)}`), 'ADDRESS_INVALID')
    rejects(() => addressToBytes32(sender), 'ADDRESS_INVALID')
  })

  test('ADDRESS_HIGH_BYTES_NONZERO instead of truncating; HEX_INVALID for non-bytes32', () => {
    rejects(() => bytes32ToAddress(`0x01${'00'.repeat(31)}`), 'ADDRESS_HIGH_BYTES_NONZERO')
    rejects(() => bytes32ToAddress(`0x${'00'.repeat(11)}01${'00'.repeat(20)}`), 'ADDRESS_HIGH_BYTES_NONZERO')
    rejects(() => bytes32ToAddress('0x1111111111111111111111111111111111111111'), 'HEX_INVALID')
  })
})
