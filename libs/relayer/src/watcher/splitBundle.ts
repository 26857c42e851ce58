import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { ClaimedReceipt, SourceBundle } from '../bundle/SourceBundle.js'

export type SplitBundleParameters = {
  base: Omit<SourceBundle, 'nodes' | 'receipts' | 'part' | 'partCount'>
  /** Per claimed receipt: its proof nodes, root first. Shared nodes are the same Uint8Array instance (the trie's encoding). */
  receipts: Array<Omit<ClaimedReceipt, 'proof'> & { proofNodes: readonly Uint8Array[] }>
  /** Budget for one part's JSON (NATS max_payload minus headroom). */
  maxBytes: number
}

type Part = { nodes: Hex[]; index: Map<Uint8Array, number>; receipts: ClaimedReceipt[]; bytes: number }

/**
 * Packs a block's claimed receipts into as few bundle parts as fit the NATS
 * payload limit. Proof nodes shared by several receipts (the upper trie
 * levels) are stored once per part, so the verifier decodes each once; they
 * are deduplicated by identity, which the trie guarantees for shared nodes.
 */
export function splitBundle({ base, receipts, maxBytes }: SplitBundleParameters): SourceBundle[] {
  const parts: Part[] = []
  const fresh = (): Part => ({ nodes: [], index: new Map(), receipts: [], bytes: 2048 + base.header.length })
  let current = fresh()
  for (const receipt of receipts) {
    let added = 96 + receipt.logs.length * 160 + receipt.proofNodes.length * 6
    for (const node of receipt.proofNodes) if (!current.index.has(node)) added += node.length * 2 + 5
    if (current.receipts.length > 0 && current.bytes + added > maxBytes) {
      parts.push(current)
      current = fresh()
    }
    const proof: number[] = []
    for (const node of receipt.proofNodes) {
      let at = current.index.get(node)
      if (at === undefined) {
        at = current.nodes.push(bytesToHex(node)) - 1
        current.index.set(node, at)
        current.bytes += node.length * 2 + 5
      }
      proof.push(at)
    }
    current.bytes += 96 + receipt.logs.length * 160 + proof.length * 6
    current.receipts.push({ txIndex: receipt.txIndex, txHash: receipt.txHash, logs: receipt.logs, proof })
  }
  if (current.receipts.length > 0) parts.push(current)
  return parts.map((p, i) => ({ ...base, nodes: p.nodes, receipts: p.receipts, part: i, partCount: parts.length }))
}
