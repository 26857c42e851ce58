import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from './bytesToHex.js'
import { createMerkleTree, type MerkleTree } from './createMerkleTree.js'
import type { Hex } from './Hex.js'
import { verifyMerkleMultiproof } from './verifyMerkleMultiproof.js'

const leavesOf = (n: number): Hex[] =>
  Array.from({ length: n }, (_, i) => bytesToHex(keccak_256(new TextEncoder().encode(`leaf ${i}`))))
// reason: same length, last nibble changed
const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as Hex

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

function randomSubset(n: number, random: () => number): number[] {
  const p = random()
  const subset = Array.from({ length: n }, (_, i) => i).filter(() => random() < p)
  return subset.length > 0 ? subset : [Math.floor(random() * n)]
}

function parametersFor(tree: MerkleTree, indices: number[]) {
  return {
    root: tree.root,
    count: tree.count,
    indices,
    leaves: indices.map((i) => tree.leaf(i)),
    proof: tree.multiproof(indices),
  }
}

describe('verifyMerkleMultiproof', () => {
  test('accepts multiproofs of random subsets for every n = 1..70', () => {
    const random = rng(42)
    for (let n = 1; n <= 70; n++) {
      const tree = createMerkleTree(leavesOf(n))
      for (let round = 0; round < 8; round++) {
        const indices = randomSubset(n, random)
        assert.equal(verifyMerkleMultiproof(parametersFor(tree, indices)), true, `n=${n} ${indices.join(',')}`)
      }
      const all = Array.from({ length: n }, (_, i) => i)
      const everything = parametersFor(tree, all)
      // With every leaf known, the only missing siblings are padding: one per level with an odd node count.
      let oddLevels = 0
      for (let m = n; m > 1; m = Math.ceil(m / 2)) oddLevels += m % 2
      assert.equal(everything.proof.length, oddLevels, `n=${n}`)
      assert.equal(verifyMerkleMultiproof(everything), true)
    }
  })

  test('packed leaves and proof verify too', () => {
    const tree = createMerkleTree(leavesOf(50))
    const p = parametersFor(tree, [1, 2, 17, 49])
    const pack = (list: Hex[]) => new Uint8Array(list.flatMap((h) => [...Buffer.from(h.slice(2), 'hex')]))
    assert.equal(verifyMerkleMultiproof({ ...p, leaves: pack(p.leaves), proof: pack(p.proof) }), true)
  })

  test('rejects tampered leaves, root, proof hashes', () => {
    const random = rng(7)
    for (const n of [2, 5, 33, 70]) {
      const tree = createMerkleTree(leavesOf(n))
      for (let round = 0; round < 5; round++) {
        const good = parametersFor(tree, randomSubset(n, random))
        assert.equal(verifyMerkleMultiproof({ ...good, root: flip(good.root) }), false)
        good.leaves.forEach((_, k) =>
          assert.equal(
            verifyMerkleMultiproof({ ...good, leaves: good.leaves.map((l, j) => (j === k ? flip(l) : l)) }),
            false,
          ),
        )
        good.proof.forEach((_, k) =>
          assert.equal(
            verifyMerkleMultiproof({ ...good, proof: good.proof.map((h, j) => (j === k ? flip(h) : h)) }),
            false,
          ),
        )
        if (good.proof.length > 1)
          assert.equal(verifyMerkleMultiproof({ ...good, proof: [...good.proof].reverse() }), false)
      }
    }
  })

  test('rejects bad indices: >= count, unsorted, duplicates, shifted, empty', () => {
    const tree = createMerkleTree(leavesOf(20))
    const good = parametersFor(tree, [2, 5, 6, 19])
    assert.equal(verifyMerkleMultiproof(good), true)
    const cases: number[][] = [
      [2, 5, 6, 20],
      [5, 2, 6, 19],
      [2, 5, 5, 19],
      [3, 5, 6, 19],
      [2, 5, 6, 18],
      [2, 4, 6, 19],
      [-1, 5, 6, 19],
    ]
    for (const indices of cases) assert.equal(verifyMerkleMultiproof({ ...good, indices }), false, indices.join(','))
    assert.equal(verifyMerkleMultiproof({ ...good, indices: [], leaves: [] }), false)
    // Leaves in another order than the indices.
    assert.equal(verifyMerkleMultiproof({ ...good, leaves: [...good.leaves].reverse() }), false)
  })

  test('rejects extra, missing and short proof elements; wrong leaf count', () => {
    const tree = createMerkleTree(leavesOf(20))
    const good = parametersFor(tree, [2, 5, 6, 19])
    assert.equal(verifyMerkleMultiproof({ ...good, proof: [...good.proof, good.root] }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, proof: good.proof.slice(1) }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, proof: good.proof.slice(0, -1) }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, proof: [] }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, leaves: good.leaves.slice(1) }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, leaves: [...good.leaves, good.root] }), false)
  })

  test('count is bound: a multiproof for one count fails for a smaller or deeper one', () => {
    const tree = createMerkleTree(leavesOf(20))
    const good = parametersFor(tree, [2, 19])
    assert.equal(verifyMerkleMultiproof({ ...good, count: 19 }), false)
    assert.equal(verifyMerkleMultiproof({ ...good, count: 33 }), false)
  })

  test('returns false, never throws, on garbage shapes', () => {
    const tree = createMerkleTree(leavesOf(9))
    const good = parametersFor(tree, [0, 8])
    const bad: unknown[] = [
      { ...good, proof: new Uint8Array(33) },
      { ...good, proof: ['0x12'] },
      { ...good, proof: null },
      { ...good, leaves: 'x' },
      { ...good, leaves: [good.leaves[0], 7] },
      { ...good, indices: 'nope' },
      { ...good, indices: [0, 8.5] },
      { ...good, root: '0x' },
      { ...good, count: -3 },
    ]
    for (const parameters of bad) {
      // reason: deliberately ill-typed input
      assert.equal(verifyMerkleMultiproof(parameters as Parameters<typeof verifyMerkleMultiproof>[0]), false)
    }
  })
})
