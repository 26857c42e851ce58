import type { BundleWireReceipt } from '../bundle/BundleWire.js'

export type SplitBundleParameters = {
  /**
   * Per claimed receipt: its proof nodes, root first. Shared nodes are the same Uint8Array instance (the trie's
   * encoding).
   */
  receipts: Array<Omit<BundleWireReceipt, 'proof'> & { proofNodes: readonly Uint8Array[] }>
  /** Budget for one part's payload (NATS max_payload minus headroom). */
  maxBytes: number
  /** Bytes of the header and the fixed fields, in every part. */
  fixedBytes: number
}

/** A part's unique proof nodes (raw bytes) and its claimed receipts, whose proofs index those nodes (root first). */
export type BundlePartPlan = { nodes: Uint8Array[]; receipts: BundleWireReceipt[] }

type Part = BundlePartPlan & { index: Map<Uint8Array, number>; bytes: number }

/** Estimated wire bytes per node and per receipt (generous: the estimate must never undercount). */
const cost = {
  node: (n: number) => n + 4,
  receipt: (logs: number, proof: number) => 48 + logs * 72 + proof * 4,
} as const

/**
 * Packs a block's claimed receipts into as few bundle parts as fit the NATS
 * payload limit. Proof nodes shared by several receipts (the upper trie
 * levels) are stored once per part, so the verifier hashes and decodes each
 * once; they are deduplicated by identity, which the trie guarantees for
 * shared nodes.
 */
export function splitBundle({ receipts, maxBytes, fixedBytes }: SplitBundleParameters): BundlePartPlan[] {
  const parts: Part[] = []
  const fresh = (): Part => ({ nodes: [], index: new Map(), receipts: [], bytes: 2048 + fixedBytes })
  let current = fresh()
  for (const receipt of receipts) {
    let added = cost.receipt(receipt.logs.length, receipt.proofNodes.length)
    for (const node of receipt.proofNodes) if (!current.index.has(node)) added += cost.node(node.length)
    if (current.receipts.length > 0 && current.bytes + added > maxBytes) {
      parts.push(current)
      current = fresh()
    }
    const proof: number[] = []
    for (const node of receipt.proofNodes) {
      let at = current.index.get(node)
      if (at === undefined) {
        at = current.nodes.push(node) - 1
        current.index.set(node, at)
        current.bytes += cost.node(node.length)
      }
      proof.push(at)
    }
    current.bytes += cost.receipt(receipt.logs.length, proof.length)
    current.receipts.push({ txIndex: receipt.txIndex, txHash: receipt.txHash, logs: receipt.logs, proof })
  }
  if (current.receipts.length > 0) parts.push(current)
  return parts.map(({ nodes, receipts: claimed }) => ({ nodes, receipts: claimed }))
}
