import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { addressToBytes32 } from './addressToBytes32.js'
import { bytesToHex } from './bytesToHex.js'
import { domains } from './domains.js'
import { encodeMessage } from './encodeMessage.js'
import type { Hex } from './Hex.js'
import type { Message } from './Message.js'
import { messageId } from './messageId.js'
import { messageIds } from './messageIds.js'

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
