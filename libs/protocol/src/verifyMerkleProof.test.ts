import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from './bytesToHex.js'
import { createMerkleTree } from './createMerkleTree.js'
import type { Hex } from './Hex.js'
import { verifyMerkleProof } from './verifyMerkleProof.js'

const leavesOf = (n: number): Hex[] =>
  Array.from({ length: n }, (_, i) => bytesToHex(keccak_256(new TextEncoder().encode(`leaf ${i}`))))
// reason: same length, last nibble changed
const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as Hex

describe('verifyMerkleProof', () => {
  test('accepts every proof of every tree n = 1..70 (hex and packed forms)', () => {
    for (let n = 1; n <= 70; n++) {
      const tree = createMerkleTree(leavesOf(n))
      for (let index = 0; index < n; index++) {
        const base = { root: tree.root, count: n, index, leaf: tree.leaf(index) }
        assert.equal(verifyMerkleProof({ ...base, proof: tree.proof(index) }), true, `n=${n} i=${index}`)
        assert.equal(verifyMerkleProof({ ...base, proof: tree.proofBytes(index), root: tree.rootBytes }), true)
      }
    }
  })

  test('rejects tampered leaves, roots, proof hashes and indices', () => {
    for (const n of [2, 3, 5, 8, 33, 70]) {
      const tree = createMerkleTree(leavesOf(n))
      for (let index = 0; index < n; index++) {
        const proof = tree.proof(index)
        const good = { root: tree.root, count: n, index, leaf: tree.leaf(index), proof }
        assert.equal(verifyMerkleProof({ ...good, leaf: flip(good.leaf) }), false)
        assert.equal(verifyMerkleProof({ ...good, root: flip(good.root) }), false)
        proof.forEach((_, level) =>
          assert.equal(verifyMerkleProof({ ...good, proof: proof.map((h, l) => (l === level ? flip(h) : h)) }), false),
        )
        assert.equal(verifyMerkleProof({ ...good, index: index ^ 1 }), false, `n=${n} i=${index} swapped`)
        assert.equal(verifyMerkleProof({ ...good, leaf: tree.leaf((index + 1) % n) }), false)
      }
    }
  })

  test('binds the index to the count: index >= count, and a proof for another count', () => {
    const tree = createMerkleTree(leavesOf(5))
    const good = { root: tree.root, count: 5, index: 4, leaf: tree.leaf(4), proof: tree.proof(4) }
    assert.equal(verifyMerkleProof(good), true)
    assert.equal(verifyMerkleProof({ ...good, count: 4 }), false) // index 4 >= 4, and depth changes
    assert.equal(verifyMerkleProof({ ...good, count: 9 }), false) // depth 4: proof too short
    assert.equal(verifyMerkleProof({ ...good, count: 8 }), true) // same depth: the count only bounds the index
    for (const index of [5, 8, -1, 1.5, Number.NaN]) assert.equal(verifyMerkleProof({ ...good, index }), false)
  })

  test('a padding leaf (zero) cannot be proven', () => {
    const tree = createMerkleTree(leavesOf(5))
    const zero = bytesToHex(new Uint8Array(32))
    // Sibling of leaf 5 (zero padding) is leaf 4; its upper siblings are those of leaf 4.
    const proof = [tree.leaf(4), ...tree.proof(4).slice(1)]
    // count 8 would allow it
    assert.equal(verifyMerkleProof({ root: tree.root, count: 8, index: 5, leaf: zero, proof }), true)
    assert.equal(verifyMerkleProof({ root: tree.root, count: 5, index: 5, leaf: zero, proof }), false)
  })

  test('returns false, never throws, on garbage shapes', () => {
    const tree = createMerkleTree(leavesOf(10))
    const good = { root: tree.root, count: 10, index: 3, leaf: tree.leaf(3), proof: tree.proof(3) }
    const bad: unknown[] = [
      { ...good, proof: [...good.proof, good.root] }, // extra element
      { ...good, proof: good.proof.slice(1) }, // short
      { ...good, proof: [] },
      { ...good, proof: tree.proofBytes(3).subarray(1) }, // packed, not a multiple of 32
      { ...good, proof: new Uint8Array(32 * 5) },
      { ...good, proof: good.proof.map((h) => h.slice(0, 64)) },
      { ...good, proof: [...good.proof.slice(0, 3), 'nothex'] },
      { ...good, proof: [...good.proof.slice(0, 3), 42] },
      { ...good, proof: 'not a proof' },
      { ...good, proof: undefined },
      { ...good, leaf: '0x1234' },
      { ...good, leaf: new Uint8Array(31) },
      { ...good, root: `0x${'zz'.repeat(32)}` },
      { ...good, count: 0 },
      { ...good, count: 2 ** 32 },
      { ...good, count: '10' },
    ]
    for (const parameters of bad) {
      // reason: deliberately ill-typed input
      assert.equal(verifyMerkleProof(parameters as Parameters<typeof verifyMerkleProof>[0]), false)
    }
    assert.equal(verifyMerkleProof(good), true)
  })

  test('uppercase hex verifies', () => {
    const tree = createMerkleTree(leavesOf(6))
    const up = (h: Hex): Hex => `0x${h.slice(2).toUpperCase()}`
    assert.equal(
      verifyMerkleProof({
        root: up(tree.root),
        count: 6,
        index: 2,
        leaf: up(tree.leaf(2)),
        proof: tree.proof(2).map(up),
      }),
      true,
    )
  })
})
