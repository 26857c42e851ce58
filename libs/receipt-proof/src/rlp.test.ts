import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeRlp } from './decodeRlp.js'
import { encodeRlp, type RlpItem } from './encodeRlp.js'
import { bytesToHex, hexToBytes } from './hex.js'
import { isReceiptProofError } from './testing/assertCode.js'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const hex = (h: string): Uint8Array => hexToBytes(h, { field: 'test', code: 'RLP_INVALID' })

// Vectors from ethereum/tests RLPTests/rlptest.json and the Yellow Paper appendix B.
const LOREM = 'Lorem ipsum dolor sit amet, consectetur adipisicing elit'
const vectors: [string, RlpItem, string][] = [
  ['empty string', new Uint8Array(), '0x80'],
  ['byte 0x00', Uint8Array.of(0), '0x00'],
  ['byte 0x7f', Uint8Array.of(0x7f), '0x7f'],
  ['byte 0x80', Uint8Array.of(0x80), '0x8180'],
  ['dog', utf8('dog'), '0x83646f67'],
  ['integer 1024', Uint8Array.of(4, 0), '0x820400'],
  ['empty list', [], '0xc0'],
  ['cat dog', [utf8('cat'), utf8('dog')], '0xc88363617483646f67'],
  ['set theory of three', [[], [[]], [[], [[]]]], '0xc7c0c1c0c3c0c1c0'],
  ['56-byte string', utf8(LOREM), '0xb838' + bytesToHex(utf8(LOREM)).slice(2)],
  ['list of 56+ bytes', [utf8('cat'), utf8(LOREM)], '0xf83e83636174b838' + bytesToHex(utf8(LOREM)).slice(2)],
]

describe('encodeRlp / decodeRlp', () => {
  for (const [name, item, expected] of vectors) {
    it(`encodes and decodes ${name}`, () => {
      assert.equal(bytesToHex(encodeRlp(item)), expected)
      assert.deepEqual(decodeRlp(hex(expected)), item)
    })
  }

  it('round-trips a 70,000-byte string (three length bytes)', () => {
    const big = new Uint8Array(70_000).fill(7)
    const encoded = encodeRlp(big)
    assert.equal(bytesToHex(encoded.subarray(0, 4)), '0xba011170')
    assert.deepEqual(decodeRlp(encoded), big)
  })

  const malformed: [string, string][] = [
    ['empty input', '0x'],
    ['single byte behind a prefix', '0x8100'],
    ['long form for a short string', '0xb80161'],
    ['length with a leading zero', '0xb9003a' + '61'.repeat(58)],
    ['truncated string', '0x83646f'],
    ['truncated list', '0xc3808080c0'.slice(0, 8)],
    ['trailing bytes', '0x8080'],
    ['child overruns its list', '0xc28300'],
  ]
  for (const [name, input] of malformed) {
    it(`rejects ${name} with RLP_INVALID`, () => {
      assert.throws(() => decodeRlp(hex(input)), isReceiptProofError('RLP_INVALID'))
    })
  }
})
