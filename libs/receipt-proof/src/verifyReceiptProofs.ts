import { keccak256Batch } from '@relaymesh/protocol'
import { decodeRlp, type RlpDecoded } from './decodeRlp.js'
import type { Hex } from './hex.js'
import { ReceiptProofError } from './ReceiptProofError.js'
import { receiptTrieKey } from './receiptTrieKey.js'
import { parseTrieRoot, walkTrieProof, type ProofNodeSource } from './verifyTrieProof.js'

/** One receipt to prove: its index and its proof as indexes into the shared node table, root first. */
export type ReceiptProofClaim = { txIndex: number; proof: readonly number[] }

export type VerifyReceiptProofsParameters = {
  /** The receiptsRoot of a header the caller already trusts. */
  receiptsRoot: Hex
  /** The unique trie nodes the proofs share (a bundle's node table). */
  nodes: readonly Uint8Array[]
  claims: readonly ReceiptProofClaim[]
}

/** Per claim, in order: the receipt bytes, or the error {@link verifyReceiptProof} would have thrown. */
export type VerifyReceiptProofsReturnType = Array<Uint8Array | ReceiptProofError>

type Decoded = { item: RlpDecoded } | { error: unknown }

/**
 * Verifies many receipt proofs of one block that share their upper trie
 * nodes. Each unique node is hashed once (one batched WebAssembly call for the
 * whole table) and RLP-decoded at most once, instead of once per proof that
 * walks through it; each proof is then walked exactly as
 * {@link verifyReceiptProof} walks it (Yellow Paper appendix D), with the
 * same outcomes and errors. A failing proof does not stop the others.
 *
 * @throws ReceiptProofError `RECEIPT_PROOF_INVALID` when `receiptsRoot` is not 32 bytes of hex.
 * @example
 * const results = verifyReceiptProofs({
 *   receiptsRoot,
 *   nodes: bundle.nodes,
 *   claims: [{ txIndex: 3, proof: [0, 4, 9] }],
 * })
 * if (results[0] instanceof ReceiptProofError) reject(results[0].code)
 */
export function verifyReceiptProofs(parameters: VerifyReceiptProofsParameters): VerifyReceiptProofsReturnType {
  const root = parseTrieRoot(parameters.receiptsRoot)
  const { nodes } = parameters
  const digests = keccak256Batch(nodes)
  const decoded = new Array<Decoded | undefined>(nodes.length)
  const decode = (n: number): RlpDecoded => {
    let entry = decoded[n]
    if (entry === undefined) {
      try {
        entry = { item: decodeRlp(nodes[n] as Uint8Array) } // reason: the claim's indexes were range-checked
      } catch (error) {
        entry = { error }
      }
      decoded[n] = entry
    }
    if ('error' in entry) throw entry.error
    return entry.item
  }
  return parameters.claims.map((claim) => {
    const outOfRange = claim.proof.findIndex((n) => !Number.isSafeInteger(n) || n < 0 || n >= nodes.length)
    if (outOfRange !== -1) {
      return new ReceiptProofError(`Invalid receipt proof: node ${outOfRange} is not in the node table`, {
        code: 'RECEIPT_PROOF_INVALID',
        meta: { txIndex: claim.txIndex, reason: 'missing-node', proofIndex: outOfRange },
      })
    }
    const source: ProofNodeSource = {
      length: claim.proof.length,
      hashes: (i, hash) => digestIs(digests, claim.proof[i] as number, hash), // reason: i < length
      decode: (i) => decode(claim.proof[i] as number), // reason: i < length
    }
    try {
      return walkTrieProof(root, receiptTrieKey(claim.txIndex), source, { txIndex: claim.txIndex })
    } catch (error) {
      if (error instanceof ReceiptProofError) return error
      throw error
    }
  })
}

function digestIs(digests: Uint8Array, n: number, hash: Uint8Array): boolean {
  if (hash.length !== 32) return false
  const at = n * 32
  for (let i = 0; i < 32; i++) if (digests[at + i] !== hash[i]) return false
  return true
}
