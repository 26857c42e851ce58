import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { addressToBytes32 } from './addressToBytes32.js'
import { decodeMessage } from './decodeMessage.js'
import { domains } from './domains.js'
import { encodeMessage } from './encodeMessage.js'
import type { Hex } from './Hex.js'
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
  gasLimit: 200_000,
  payload: '0xdeadbeef',
}

function rejects(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code && e.action === 'reject', code)
}

describe('decodeMessage', () => {
  const bytes = encodeMessage(message)

  test('MESSAGE_TRUNCATED for empty input and anything shorter than the header', () => {
    rejects(() => decodeMessage(new Uint8Array(0)), 'MESSAGE_TRUNCATED')
    rejects(() => decodeMessage('0x'), 'MESSAGE_TRUNCATED')
    for (const length of [1, 9, 45, 80, 81, 84])
      rejects(() => decodeMessage(bytes.subarray(0, length)), 'MESSAGE_TRUNCATED')
    assert.equal(decodeMessage(bytes.subarray(0, 85)).payload, '0x')
    assert.equal(decodeMessage(bytes.subarray(0, 85)).gasLimit, 200_000)
  })

  test('MESSAGE_UNKNOWN_VERSION is checked before the length', () => {
    // v1 (no gas limit) is refused, not misread: its payload would pass for a gas limit.
    for (const version of [1, 3]) {
      const other = bytes.slice()
      other[0] = version
      rejects(() => decodeMessage(other), 'MESSAGE_UNKNOWN_VERSION')
    }
    rejects(() => decodeMessage(new Uint8Array([0])), 'MESSAGE_UNKNOWN_VERSION')
  })

  test('MESSAGE_PAYLOAD_TOO_LARGE over the limit', () => {
    rejects(() => decodeMessage(bytes, { maxPayloadBytes: 3 }), 'MESSAGE_PAYLOAD_TOO_LARGE')
    const huge = new Uint8Array(85 + 65537)
    huge[0] = 2
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
