import type { Hex } from 'viem'
import { encodeBundleWire } from '../bundle/encodeBundleWire.js'
import { planBlockBundles, type PlanBlockBundlesParameters } from './planBlockBundles.js'

export type BuildBlockBundleWiresParameters = PlanBlockBundlesParameters

/** One encoded bundle part and what the publisher needs to name and trace it. */
export type BlockBundleWire = {
  bytes: Uint8Array
  origin: number
  blockNumber: string
  blockHash: Hex
  part: number
  partCount: number
  /** Claimed logs in this part. */
  messageCount: number
  /** The claimed messages' ids (32 bytes each), in the part's order. */
  messageIds: Uint8Array[]
}

/**
 * Turns a block and its receipts into the bundle parts the watcher publishes,
 * in the binary wire form (`BundleWire.ts`): only receipts holding an Outbox
 * `Dispatch` log are claimed, each with a Merkle-Patricia proof against the
 * header's receiptsRoot built from all of the block's receipts. Proof nodes
 * go from the trie into the payload as raw bytes, never through hex. Returns
 * no parts for a block without messages.
 */
export function buildBlockBundleWires(p: BuildBlockBundleWiresParameters): BlockBundleWire[] {
  const plan = planBlockBundles(p)
  if (plan === undefined) return []
  const blockNumber = BigInt(p.block.number)
  const { header, blockHash, parentHash } = plan
  return plan.parts.map(({ nodes, receipts }, i) => {
    const wire = encodeBundleWire({
      origin: p.origin,
      blockNumber,
      blockHash,
      parentHash,
      observedAt: p.now,
      part: i,
      partCount: plan.parts.length,
      header,
      nodes,
      receipts,
    })
    const messageIds = receipts.flatMap((r) => r.logs.map((l) => l.messageId))
    return {
      bytes: wire,
      origin: p.origin,
      blockNumber: blockNumber.toString(),
      blockHash: p.block.hash,
      part: i,
      partCount: plan.parts.length,
      messageCount: messageIds.length,
      messageIds,
    }
  })
}
