import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { encodeMessage } from './encodeMessage.js'
import { MESSAGE_VERSION } from './Message.js'
import { packMessages } from './packMessages.js'
import { unpackMessages } from './unpackMessages.js'

const message = (nonce: bigint, payload: string) =>
  encodeMessage({
    version: MESSAGE_VERSION,
    nonce,
    origin: 31337,
    sender: `0x${'aa'.repeat(32)}`,
    destination: 31356,
    recipient: `0x${'bb'.repeat(32)}`,
    gasLimit: 200_000,
    payload: `0x${payload}`,
  })

test('packMessages: 3-byte big-endian length then the bytes, in order; unpackMessages inverts it', () => {
  const messages = [message(0n, ''), message(1n, 'ff'.repeat(300))]
  const packed = packMessages(messages)
  assert.deepEqual([...packed.subarray(0, 3)], [0, 0, 85])
  assert.deepEqual([...packed.subarray(88, 91)], [0, (385 >> 8) & 0xff, 385 & 0xff])
  assert.equal(packed.length, 3 + 85 + 3 + 385)
  assert.deepEqual(
    unpackMessages(packed).map((m) => [...m]),
    messages.map((m) => [...m]),
  )
  assert.deepEqual(unpackMessages(new Uint8Array(0)), [])
})

test('the inbox rules: a short message, a length past the end, or trailing bytes are MESSAGE_TRUNCATED with their position', () => {
  const packed = packMessages([message(0n, '01'), message(1n, '02')])
  const rejects = (bytes: Uint8Array, position: number) =>
    assert.throws(
      () => unpackMessages(bytes),
      (e) => isRelaymeshError(e, 'MESSAGE_TRUNCATED') && e.meta?.['position'] === position,
    )
  rejects(packed.subarray(0, packed.length - 1), 1)
  rejects(Uint8Array.of(...packed, 0), 2)
  rejects(Uint8Array.of(0, 0, 84, ...new Uint8Array(84)), 0)
  assert.throws(
    () => packMessages([new Uint8Array(84)]),
    (e) => isRelaymeshError(e, 'MESSAGE_TRUNCATED'),
  )
})
