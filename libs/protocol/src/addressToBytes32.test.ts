import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { addressToBytes32 } from './addressToBytes32.js'
import { bytes32ToAddress } from './bytes32ToAddress.js'
import { ProtocolError, type ProtocolErrorCode } from './ProtocolError.js'

const sender = addressToBytes32('0x1111111111111111111111111111111111111111')

function rejects(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code && e.action === 'reject', code)
}

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
