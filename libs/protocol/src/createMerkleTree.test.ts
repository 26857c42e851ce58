import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from './bytesToHex.js'
import { createMerkleTree } from './createMerkleTree.js'
import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import { merkleDepth } from './merkleDepth.js'
import { merkleRoot } from './merkleRoot.js'
import { ProtocolError, type ProtocolErrorCode } from './ProtocolError.js'

const ZERO = new Uint8Array(32)
const noble = (left: Uint8Array, right: Uint8Array): Uint8Array => keccak_256(new Uint8Array([...left, ...right]))
const leafOf = (i: number): Uint8Array => keccak_256(new TextEncoder().encode(`message ${i}`))
const leavesOf = (n: number): Hex[] => Array.from({ length: n }, (_, i) => bytesToHex(leafOf(i)))

/** PROTOCOL.md taken literally: pad to 2^d with bytes32(0), hash pairs with noble. Returns all layers. */
function referenceLayers(leaves: Hex[]): Uint8Array[][] {
  const depth = merkleDepth(leaves.length)
  let layer = leaves.map((l) => hexToBytes(l))
  while (layer.length < 2 ** depth) layer.push(ZERO)
  const layers = [layer]
  while (layer.length > 1) {
    layer = Array.from({ length: layer.length / 2 }, (_, i) =>
      noble(layer[2 * i] as Uint8Array, layer[2 * i + 1] as Uint8Array),
    )
    layers.push(layer)
  }
  return layers
}

/** Multiproof as PROTOCOL.md describes it, from the padded reference layers. */
function referenceMultiproof(layers: Uint8Array[][], indices: number[]): Hex[] {
  const proof: Hex[] = []
  let known = indices
  for (let level = 0; level < layers.length - 1; level++) {
    const next: number[] = []
    for (let t = 0; t < known.length; t++) {
      const i = known[t] as number
      if (known[t + 1] === (i ^ 1)) t++
      else proof.push(bytesToHex(layers[level]?.[i ^ 1] as Uint8Array))
      next.push(i >> 1)
    }
    known = next
  }
  return proof
}

function rejects(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code, code)
}

describe('batch Merkle tree: known answers computed by hand with noble', () => {
  const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(leafOf) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  const z1 = noble(ZERO, ZERO)

  test('n = 1: depth 0, root is the leaf', () => {
    const tree = createMerkleTree([bytesToHex(a)])
    assert.equal(tree.depth, 0)
    assert.equal(tree.root, bytesToHex(a))
    assert.deepEqual(tree.proof(0), [])
  })

  test('n = 2: root = H(a ++ b)', () => {
    assert.equal(merkleRoot([bytesToHex(a), bytesToHex(b)]), bytesToHex(noble(a, b)))
  })

  test('n = 3: root = H(H(a ++ b) ++ H(c ++ 0))', () => {
    assert.equal(merkleRoot(leavesOf(3)), bytesToHex(noble(noble(a, b), noble(c, ZERO))))
  })

  test('n = 5: root = H(H(H(a b) H(c d)) ++ H(H(e 0) H(0 0)))', () => {
    const expected = noble(noble(noble(a, b), noble(c, d)), noble(noble(e, ZERO), z1))
    const tree = createMerkleTree(leavesOf(5))
    assert.equal(tree.depth, 3)
    assert.equal(tree.root, bytesToHex(expected))
    assert.deepEqual(tree.proof(4), [ZERO, z1, noble(noble(a, b), noble(c, d))].map(bytesToHex))
  })
})

describe('batch Merkle tree against the padded reference, n = 1..70', () => {
  test('root, every single proof, and multiproofs of chosen subsets', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n)
      const layers = referenceLayers(leaves)
      const tree = createMerkleTree(leaves)
      assert.equal(tree.root, bytesToHex(layers.at(-1)?.[0] as Uint8Array), `root n=${n}`)
      assert.equal(merkleRoot(leaves), tree.root)
      assert.equal(tree.count, n)
      for (let i = 0; i < n; i++) {
        assert.equal(tree.leaf(i), leaves[i])
        const expected = layers.slice(0, -1).map((layer, level) => bytesToHex(layer[(i >> level) ^ 1] as Uint8Array))
        assert.deepEqual(tree.proof(i), expected, `proof n=${n} i=${i}`)
        assert.equal(bytesToHex(tree.proofBytes(i)), `0x${expected.map((h) => h.slice(2)).join('')}`)
      }
      const all = Array.from({ length: n }, (_, i) => i)
      for (const indices of [all, [0], [n - 1], all.filter((i) => i % 3 === 0), all.filter((i) => i % 2 === 1)]) {
        if (indices.length === 0) continue
        assert.deepEqual(
          tree.multiproof(indices),
          referenceMultiproof(layers, indices),
          `multiproof n=${n} ${indices.join(',')}`,
        )
      }
    }
  })

  test('packed Uint8Array leaves give the same tree as hex leaves', () => {
    const leaves = leavesOf(37)
    const packed = new Uint8Array(32 * 37)
    leaves.forEach((l, i) => packed.set(hexToBytes(l), 32 * i))
    assert.equal(createMerkleTree(packed).root, createMerkleTree(leaves).root)
    assert.equal(merkleRoot(packed), createMerkleTree(leaves.map((l) => hexToBytes(l))).root)
  })

  test('the tree keeps its own copy of the leaves', () => {
    const packed = new Uint8Array(32 * 4).fill(9)
    const tree = createMerkleTree(packed)
    const root = tree.root
    packed.fill(1)
    merkleRoot(packed) // reuses kernel memory
    assert.equal(tree.root, root)
    assert.equal(tree.leaf(0), `0x${'09'.repeat(32)}`)
  })

  test('large tree (1000 leaves) matches the reference', () => {
    const leaves = leavesOf(1000)
    assert.equal(merkleRoot(leaves), bytesToHex(referenceLayers(leaves).at(-1)?.[0] as Uint8Array))
  })
})

describe('batch Merkle tree rejections', () => {
  test('MERKLE_EMPTY and MERKLE_LEAVES_MALFORMED', () => {
    rejects(() => createMerkleTree([]), 'MERKLE_EMPTY')
    rejects(() => merkleRoot(new Uint8Array(0)), 'MERKLE_EMPTY')
    rejects(() => merkleRoot(new Uint8Array(33)), 'MERKLE_LEAVES_MALFORMED')
    rejects(() => merkleRoot(['0x1234']), 'MERKLE_LEAVES_MALFORMED')
    rejects(() => merkleRoot([`0x${'zz'.repeat(32)}`]), 'MERKLE_LEAVES_MALFORMED')
    rejects(() => merkleRoot([new Uint8Array(31)]), 'MERKLE_LEAVES_MALFORMED')
  })

  test('MERKLE_INDEX_OUT_OF_RANGE and MERKLE_INDICES_INVALID', () => {
    const tree = createMerkleTree(leavesOf(10))
    for (const bad of [-1, 10, 1.5]) {
      rejects(() => tree.proof(bad), 'MERKLE_INDEX_OUT_OF_RANGE')
      rejects(() => tree.leaf(bad), 'MERKLE_INDEX_OUT_OF_RANGE')
    }
    rejects(() => tree.multiproof([]), 'MERKLE_INDICES_INVALID')
    rejects(() => tree.multiproof([3, 2]), 'MERKLE_INDICES_INVALID')
    rejects(() => tree.multiproof([2, 2]), 'MERKLE_INDICES_INVALID')
    rejects(() => tree.multiproof([-1]), 'MERKLE_INDICES_INVALID')
    rejects(() => tree.multiproof([0, 10]), 'MERKLE_INDEX_OUT_OF_RANGE')
  })
})
