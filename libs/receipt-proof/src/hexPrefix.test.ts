import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeHexPrefix } from './decodeHexPrefix.js'
import { encodeHexPrefix } from './encodeHexPrefix.js'
import { bytesToHex, hexToBytes } from './hex.js'
import { isReceiptProofError } from './testing/assertCode.js'

const hex = (h: string): Uint8Array => hexToBytes(h, { field: 'test', code: 'RECEIPT_PROOF_INVALID' })

// Examples from the Ethereum wiki "Patricia Tree" page (hex-prefix section).
const vectors: [number[], boolean, string][] = [
  [[1, 2, 3, 4, 5], false, '0x112345'],
  [[0, 1, 2, 3, 4, 5], false, '0x00012345'],
  [[0, 0xf, 1, 0xc, 0xb, 8], true, '0x200f1cb8'],
  [[0xf, 1, 0xc, 0xb, 8], true, '0x3f1cb8'],
  [[], false, '0x00'],
  [[], true, '0x20'],
  [[0xa], true, '0x3a'],
]

describe('hex-prefix encoding', () => {
  for (const [nibbles, isLeaf, expected] of vectors) {
    it(`${isLeaf ? 'leaf' : 'extension'} [${nibbles.join(',')}] <-> ${expected}`, () => {
      assert.equal(bytesToHex(encodeHexPrefix(nibbles, isLeaf)), expected)
      assert.deepEqual(decodeHexPrefix(hex(expected)), { nibbles: Uint8Array.from(nibbles), isLeaf })
    })
  }

  it('round-trips every path of length 0..9 over a few nibble patterns', () => {
    for (let length = 0; length < 10; length++) {
      const nibbles = Array.from({ length }, (_, i) => (i * 7 + length) % 16)
      for (const isLeaf of [false, true]) {
        assert.deepEqual(decodeHexPrefix(encodeHexPrefix(nibbles, isLeaf)), {
          nibbles: Uint8Array.from(nibbles),
          isLeaf,
        })
      }
    }
  })

  for (const [name, input] of [
    ['empty', '0x'],
    ['unknown flag 4', '0x4012'],
    ['non-zero padding nibble', '0x0512'],
    ['padding on an even leaf', '0x2f12'],
  ] as const) {
    it(`rejects ${name} with RECEIPT_PROOF_INVALID`, () => {
      assert.throws(() => decodeHexPrefix(hex(input)), isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-encoding'))
    })
  }
})
