import type { Hex } from 'viem'
import type { ClaimedReceipt, SourceBundle } from '../bundle/SourceBundle.js'

export type SplitBundleParameters = {
  base: Omit<SourceBundle, 'nodes' | 'receipts' | 'part' | 'partCount'>
  /** Per claimed receipt: its proof as node hex strings, root first. */
  receipts: Array<Omit<ClaimedReceipt, 'proof'> & { proofNodes: Hex[] }>
  /** Budget for one part's JSON (NATS max_payload minus headroom). */
  maxBytes: number
}

/**
 * Packs a block's claimed receipts into as few bundle parts as fit the NATS
 * payload limit. Proof nodes shared by several receipts (the upper trie
 * levels) are stored once per part, so the verifier hashes each node once.
 */
export function splitBundle({ base, receipts, maxBytes }: SplitBundleParameters): SourceBundle[] {
  const parts: Array<{ nodes: Hex[]; index: Map<Hex, number>; receipts: ClaimedReceipt[]; bytes: number }> = []
  const fresh = () => ({ nodes: [] as Hex[], index: new Map<Hex, number>(), receipts: [] as ClaimedReceipt[], bytes: 2048 + base.header.length })
  let current = fresh()
  for (const receipt of receipts) {
    const added = receipt.proofNodes.filter((n) => !current.index.has(n)).reduce((sum, n) => sum + n.length + 3, 0)
    const claimBytes = 96 + receipt.logs.length * 160 + receipt.proofNodes.length * 6
    if (current.receipts.length > 0 && current.bytes + added + claimBytes > maxBytes) {
      parts.push(current)
      current = fresh()
    }
    const proof = receipt.proofNodes.map((node) => {
      let at = current.index.get(node)
      if (at === undefined) {
        at = current.nodes.push(node) - 1
        current.index.set(node, at)
        current.bytes += node.length + 3
      }
      return at
    })
    current.bytes += claimBytes
    current.receipts.push({ txIndex: receipt.txIndex, txHash: receipt.txHash, logs: receipt.logs, proof })
  }
  if (current.receipts.length > 0) parts.push(current)
  return parts.map((p, i) => ({ ...base, nodes: p.nodes, receipts: p.receipts, part: i, partCount: parts.length }))
}
