import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildReceiptsTrie } from './buildReceiptsTrie.js'
import { encodeReceipt } from './encodeReceipt.js'
import { encodeRlp } from './encodeRlp.js'
import { getReceiptProof } from './getReceiptProof.js'
import { bytesToHex, keccak256 } from './hex.js'
import { receiptTrieKey } from './receiptTrieKey.js'
import { isReceiptProofError } from './testing/assertCode.js'
import { referenceTrieRoot } from './testing/referenceTrie.js'
import { syntheticReceipt } from './testing/syntheticReceipts.js'
import { loadMainnetBlock } from './testing/vectors.js'
import { verifyReceiptProof } from './verifyReceiptProof.js'

const EMPTY_ROOT = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'

function flipByte(proof: Uint8Array[], node: number, at: number): Uint8Array[] {
  return proof.map((n, i) => {
    if (i !== node) return n
    const copy = n.slice()
    copy[at % copy.length] = (copy[at % copy.length] as number) ^ 0x01 // reason: index taken modulo length
    return copy
  })
}

describe('receipts trie: mainnet block 21925176 (202 receipts)', () => {
  const { block, receipts } = loadMainnetBlock()
  const encoded = receipts.map((r) => encodeReceipt(r))
  const trie = buildReceiptsTrie(encoded)
  const verify = (txIndex: number, proof: Uint8Array[], receiptsRoot = trie.root) =>
    verifyReceiptProof({ receiptsRoot, txIndex, proof })

  it("rebuilds the header's receiptsRoot", () => {
    assert.equal(trie.root, block.receiptsRoot)
    assert.equal(trie.count, 202)
  })

  it('agrees with the insertion-built reference trie', () => {
    assert.equal(referenceTrieRoot(encoded.map((value, i) => ({ key: receiptTrieKey(i), value }))), block.receiptsRoot)
  })

  it('proves and verifies the first, the last and a few in between', () => {
    for (const i of [0, 1, 127, 128, 129, 150, 201]) assert.deepEqual(verify(i, getReceiptProof(trie, i)), encoded[i])
  })

  it('proves and verifies every receipt, against the header root', () => {
    for (let i = 0; i < encoded.length; i++) {
      assert.deepEqual(
        verifyReceiptProof({ receiptsRoot: block.receiptsRoot, txIndex: i, proof: getReceiptProof(trie, i) }),
        encoded[i],
      )
    }
  })

  it('rejects a flipped byte in any node of a proof', () => {
    for (const i of [0, 77, 201]) {
      const proof = getReceiptProof(trie, i)
      for (let node = 0; node < proof.length; node++) {
        for (const at of [0, 5, 40, 1_000_003]) {
          const reason = node === 0 ? 'bad-root' : 'bad-node-hash'
          assert.throws(
            () => verify(i, flipByte(proof, node, at)),
            isReceiptProofError('RECEIPT_PROOF_INVALID', reason),
          )
        }
      }
    }
  })

  it('rejects a dropped node: the last one (missing), a middle one (hash mismatch) or the root', () => {
    const proof = getReceiptProof(trie, 150)
    assert.ok(proof.length >= 3)
    assert.throws(() => verify(150, proof.slice(0, -1)), isReceiptProofError('RECEIPT_PROOF_INVALID', 'missing-node'))
    assert.throws(
      () => verify(150, [proof[0] as Uint8Array, ...proof.slice(2)]),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-node-hash'),
    )
    assert.throws(() => verify(150, proof.slice(1)), isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-root'))
    assert.throws(() => verify(150, []), isReceiptProofError('RECEIPT_PROOF_INVALID', 'missing-node'))
  })

  it('rejects an extra node at the end', () => {
    const proof = getReceiptProof(trie, 3)
    assert.throws(
      () => verify(3, [...proof, proof[1] as Uint8Array]),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'unused-node'),
    )
  })

  it("rejects another receipt's proof for an index (wrong path)", () => {
    for (const [proved, claimed] of [
      [5, 6],
      [0, 1],
      [200, 201],
      [128, 0],
      [10, 150],
    ]) {
      assert.throws(
        () => verify(claimed as number, getReceiptProof(trie, proved as number)),
        isReceiptProofError('RECEIPT_PROOF_INVALID'),
      )
    }
  })

  it('rejects a proof against a wrong root (the parent block, another block)', () => {
    assert.throws(
      () => verify(4, getReceiptProof(trie, 4), block.parentHash),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-root'),
    )
    assert.throws(
      () => verify(4, getReceiptProof(trie, 4), EMPTY_ROOT),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-root'),
    )
    assert.throws(() => verify(4, getReceiptProof(trie, 4), '0x1234'), isReceiptProofError('RECEIPT_PROOF_INVALID'))
  })

  it('answers an exclusion proof for an index past the end with RECEIPT_NOT_FOUND', () => {
    for (const i of [202, 255, 256, 1000, 70_000]) {
      assert.throws(() => verify(i, getReceiptProof(trie, i)), isReceiptProofError('RECEIPT_NOT_FOUND'))
    }
  })

  it('rejects a negative or fractional index with RECEIPT_NOT_FOUND', () => {
    assert.throws(() => verify(-1, getReceiptProof(trie, 0)), isReceiptProofError('RECEIPT_NOT_FOUND'))
    assert.throws(() => verify(1.5, getReceiptProof(trie, 0)), isReceiptProofError('RECEIPT_NOT_FOUND'))
  })

  it('rejects a root that hashes right but is not RLP, or not a trie node', () => {
    const garbage = Uint8Array.of(0xc5, 0x01)
    assert.throws(
      () => verify(0, [garbage], bytesToHex(keccak256(garbage))),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-encoding'),
    )
    const threeItems = encodeRlp([Uint8Array.of(0x20), Uint8Array.of(1), Uint8Array.of(2)])
    assert.throws(
      () => verify(0, [threeItems], bytesToHex(keccak256(threeItems))),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-node'),
    )
    const badPath = encodeRlp([Uint8Array.of(0x48), Uint8Array.of(1)])
    assert.throws(
      () => verify(0, [badPath], bytesToHex(keccak256(badPath))),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-encoding'),
    )
    const emptyLeaf = encodeRlp([Uint8Array.of(0x20, 0x80), new Uint8Array()])
    assert.throws(
      () => verify(0, [emptyLeaf], bytesToHex(keccak256(emptyLeaf))),
      isReceiptProofError('RECEIPT_PROOF_INVALID', 'bad-node'),
    )
  })
})

describe('receipts trie: synthetic blocks', () => {
  for (const count of [1, 2, 3, 17, 128, 129, 300]) {
    it(`${count} receipts: root equals the reference, every proof verifies, index ${count} is absent`, () => {
      const encoded = Array.from({ length: count }, (_, i) => encodeReceipt(syntheticReceipt(i)))
      const trie = buildReceiptsTrie(encoded)
      const shuffled = encoded.map((value, i) => ({ key: receiptTrieKey(i), value })).reverse()
      assert.equal(trie.root, referenceTrieRoot(shuffled))
      for (let i = 0; i < count; i++)
        assert.deepEqual(
          verifyReceiptProof({ receiptsRoot: trie.root, txIndex: i, proof: getReceiptProof(trie, i) }),
          encoded[i],
        )
      assert.throws(
        () => verifyReceiptProof({ receiptsRoot: trie.root, txIndex: count, proof: getReceiptProof(trie, count) }),
        isReceiptProofError('RECEIPT_NOT_FOUND'),
      )
    })
  }

  it('the empty block has the empty root, and any index is absent', () => {
    const trie = buildReceiptsTrie([])
    assert.equal(trie.root, EMPTY_ROOT)
    assert.deepEqual(getReceiptProof(trie, 0), [Uint8Array.of(0x80)])
    assert.throws(
      () => verifyReceiptProof({ receiptsRoot: EMPTY_ROOT, txIndex: 0, proof: getReceiptProof(trie, 0) }),
      isReceiptProofError('RECEIPT_NOT_FOUND'),
    )
  })

  it('a single receipt: the root is the leaf, the proof is one node', () => {
    const trie = buildReceiptsTrie([encodeReceipt(syntheticReceipt(0))])
    assert.equal(getReceiptProof(trie, 0).length, 1)
  })
})

describe('receipts trie: inline nodes (values so small that nodes are under 32 bytes)', () => {
  for (const count of [1, 2, 3, 17, 128, 129]) {
    it(`${count} one-to-three-byte values: root equals the reference and proofs verify`, () => {
      const values = Array.from({ length: count }, (_, i) =>
        Uint8Array.from({ length: 1 + (i % 3) }, (_, j) => (i + j) % 251 || 1),
      )
      const trie = buildReceiptsTrie(values)
      assert.equal(trie.root, referenceTrieRoot(values.map((value, i) => ({ key: receiptTrieKey(i), value }))))
      for (let i = 0; i < count; i++) {
        const proof = getReceiptProof(trie, i)
        assert.deepEqual(verifyReceiptProof({ receiptsRoot: trie.root, txIndex: i, proof }), values[i])
        // Inline leaves are not repeated: every node after the root is at least 32 bytes.
        for (const node of proof.slice(1)) assert.ok(node.length >= 32)
      }
    })
  }

  it('a 17-value trie has inline leaves inside its branches (shorter proofs than path depth)', () => {
    const values = Array.from({ length: 17 }, (_, i) => Uint8Array.of(i + 1))
    const trie = buildReceiptsTrie(values)
    // Key 0x05 is nibbles [0, 5]: root branch, then a branch whose slot 5 holds the leaf inline.
    assert.equal(getReceiptProof(trie, 5).length, 2)
    assert.deepEqual(
      verifyReceiptProof({ receiptsRoot: trie.root, txIndex: 5, proof: getReceiptProof(trie, 5) }),
      Uint8Array.of(6),
    )
  })
})
