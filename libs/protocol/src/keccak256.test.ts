import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from './bytesToHex.js'
import { keccak256 } from './keccak256.js'
import { keccak256Batch } from './keccak256Batch.js'
import { keccak256Batch64 } from './keccak256Batch64.js'
import { ProtocolError } from './ProtocolError.js'

/** Deterministic bytes (mulberry32), so failures reproduce. */
function randomBytes(length: number, seed: number): Uint8Array {
  let a = seed >>> 0
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = (t ^ (t >>> 14)) & 0xff
  }
  return out
}

const hex = (bytes: Uint8Array) => bytesToHex(bytes)
const utf8 = (text: string) => new TextEncoder().encode(text)

describe('keccak256', () => {
  test('known answers: empty string and "abc"', () => {
    assert.equal(
      hex(keccak256(new Uint8Array(0))),
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
    assert.equal(hex(keccak256(utf8('abc'))), '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45')
  })

  test('equals @noble/hashes for every length 0..300, one at a time', () => {
    for (let length = 0; length <= 300; length++) {
      const input = randomBytes(length, length + 1)
      assert.equal(hex(keccak256(input)), hex(keccak_256(input)), `length ${length}`)
    }
  })

  test('does not depend on the input view offset', () => {
    const backing = randomBytes(400, 99)
    const view = backing.subarray(3, 3 + 200)
    assert.equal(hex(keccak256(view)), hex(keccak_256(view)))
  })
})

describe('keccak256Batch', () => {
  test('one batch of every length 0..300 equals @noble/hashes', () => {
    const inputs = Array.from({ length: 301 }, (_, length) => randomBytes(length, 1000 + length))
    const digests = keccak256Batch(inputs)
    assert.equal(digests.length, 32 * inputs.length)
    inputs.forEach((input, i) =>
      assert.equal(hex(digests.subarray(32 * i, 32 * i + 32)), hex(keccak_256(input)), `length ${input.length}`),
    )
  })

  test('an empty batch gives no digests', () => {
    assert.equal(keccak256Batch([]).length, 0)
  })

  test('large batch (grows kernel memory) stays correct', () => {
    const inputs = Array.from({ length: 5000 }, (_, i) => randomBytes(81 + (i % 400), i))
    const digests = keccak256Batch(inputs)
    for (const i of [0, 1, 2499, 4998, 4999]) {
      assert.equal(hex(digests.subarray(32 * i, 32 * i + 32)), hex(keccak_256(inputs[i] as Uint8Array)))
    }
  })
})

describe('keccak256Batch64', () => {
  test('equals @noble/hashes on random 64-byte inputs', () => {
    const n = 1000
    const input = randomBytes(64 * n, 7)
    const digests = keccak256Batch64(input, n)
    assert.equal(digests.length, 32 * n)
    for (let i = 0; i < n; i++) {
      assert.equal(
        hex(digests.subarray(32 * i, 32 * i + 32)),
        hex(keccak_256(input.subarray(64 * i, 64 * i + 64))),
        `input ${i}`,
      )
    }
  })

  test('known answer: 64 zero bytes', () => {
    assert.equal(
      hex(keccak256Batch64(new Uint8Array(64), 1)),
      '0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5',
    )
  })

  test('hashes only the first n inputs and leaves the input untouched', () => {
    const input = randomBytes(64 * 3, 8)
    const copy = input.slice()
    const digests = keccak256Batch64(input, 2)
    assert.equal(digests.length, 64)
    assert.deepEqual(input, copy)
    assert.equal(keccak256Batch64(input, 0).length, 0)
  })

  test('rejects short input and bad n with KECCAK_INPUT_INVALID', () => {
    for (const [bytes, n] of [
      [63, 1],
      [64, 2],
      [64, -1],
      [64, 0.5],
    ] as const) {
      assert.throws(
        () => keccak256Batch64(new Uint8Array(bytes), n),
        (e: unknown) => e instanceof ProtocolError && e.code === 'KECCAK_INPUT_INVALID',
      )
    }
  })
})
