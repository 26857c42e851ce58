import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildReceiptsTrie } from './buildReceiptsTrie.js'
import { encodeReceipt } from './encodeReceipt.js'
import { getReceiptProof } from './getReceiptProof.js'
import { ReceiptProofError } from './ReceiptProofError.js'
import { loadMainnetBlock } from './testing/vectors.js'
import { verifyReceiptProof } from './verifyReceiptProof.js'
import { verifyReceiptProofs } from './verifyReceiptProofs.js'

type Outcome = Uint8Array | { code: string; message: string; reason: unknown }

function outcome(value: Uint8Array | ReceiptProofError): Outcome {
  return value instanceof ReceiptProofError
    ? { code: value.code, message: value.shortMessage, reason: value.meta?.['reason'] }
    : value
}

function one(receiptsRoot: `0x${string}`, txIndex: number, proof: Uint8Array[]): Outcome {
  try {
    return verifyReceiptProof({ receiptsRoot, txIndex, proof })
  } catch (error) {
    assert.ok(error instanceof ReceiptProofError)
    return outcome(error)
  }
}

/** The proofs of `txIndexes` as one node table (shared nodes stored once) plus index lists. */
function table(proofs: Uint8Array[][]): { nodes: Uint8Array[]; indexes: number[][] } {
  const at = new Map<Uint8Array, number>()
  const nodes: Uint8Array[] = []
  const indexes = proofs.map((proof) =>
    proof.map((node) => {
      let i = at.get(node)
      if (i === undefined) at.set(node, (i = nodes.push(node) - 1))
      return i
    }),
  )
  return { nodes, indexes }
}

describe('verifyReceiptProofs: one node table, each node hashed once', () => {
  const { block, receipts } = loadMainnetBlock()
  const trie = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r)))
  const txIndexes = [...Array.from({ length: 202 }, (_, i) => i), 202, 500]
  const proofs = txIndexes.map((i) => getReceiptProof(trie, i))
  const { nodes, indexes } = table(proofs)

  it('agrees with verifyReceiptProof on every receipt of the mainnet block and on absent ones', () => {
    assert.ok(nodes.length < proofs.reduce((n, p) => n + p.length, 0), 'upper nodes are shared')
    const batch = verifyReceiptProofs({
      receiptsRoot: block.receiptsRoot,
      nodes,
      claims: txIndexes.map((txIndex, i) => ({ txIndex, proof: indexes[i]! })),
    })
    assert.deepEqual(
      batch.map(outcome),
      txIndexes.map((txIndex, i) => one(block.receiptsRoot, txIndex, proofs[i]!)),
    )
    assert.equal(batch.filter((r) => r instanceof Uint8Array).length, 202)
  })

  it('a forged node fails exactly the proofs that walk through it, with the same errors', () => {
    for (const forged of [0, 1, nodes.length - 1]) {
      const mutated = nodes.map((n, i) =>
        i === forged ? Uint8Array.from(n, (b, j) => (j === n.length - 1 ? b ^ 1 : b)) : n,
      )
      const claims = txIndexes.map((txIndex, i) => ({ txIndex, proof: indexes[i]! }))
      const expected = claims.map((c) =>
        one(
          block.receiptsRoot,
          c.txIndex,
          c.proof.map((n) => mutated[n]!),
        ),
      )
      assert.deepEqual(
        verifyReceiptProofs({ receiptsRoot: block.receiptsRoot, nodes: mutated, claims }).map(outcome),
        expected,
      )
    }
  })

  it('wrong order, missing and left-over nodes, bad indexes: RECEIPT_PROOF_INVALID, like the single verifier', () => {
    const p = indexes[7]!
    const cases = [[...p].reverse(), p.slice(0, -1), [...p, p[0]!], [], [p[0]!, -1], [p[0]!, nodes.length]]
    const batch = verifyReceiptProofs({
      receiptsRoot: block.receiptsRoot,
      nodes,
      claims: cases.map((proof) => ({ txIndex: 7, proof })),
    })
    cases.slice(0, 4).forEach((proof, i) =>
      assert.deepEqual(
        outcome(batch[i]!),
        one(
          block.receiptsRoot,
          7,
          proof.map((n) => nodes[n]!),
        ),
      ),
    )
    for (const r of batch.slice(4))
      assert.deepEqual(outcome(r), {
        code: 'RECEIPT_PROOF_INVALID',
        message: (r as ReceiptProofError).shortMessage,
        reason: 'missing-node',
      })
  })
})
