import { hexToBytes } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import { encodeBundleWire } from '../bundle/encodeBundleWire.js'
import { RelayerError } from '../RelayerError.js'
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
  /** The claimed messages' ids, in the part's order. */
  messageIds: Hex[]
}

function bytes(value: Hex, field: string): Uint8Array {
  try {
    return hexToBytes(value, field)
  } catch (cause) {
    throw new RelayerError(`RPC returned a ${field} that is not hex`, { code: 'RPC_UNAVAILABLE', action: 'retry', cause })
  }
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
  const blockHash = bytes(p.block.hash, 'block hash')
  const parentHash = bytes(p.block.parentHash, 'parent hash')
  return plan.parts.map((part, i) => {
    const receipts = part.receipts.map((r) => ({
      txIndex: r.txIndex,
      txHash: bytes(r.txHash, 'transaction hash'),
      proof: r.proof,
      logs: r.logs.map((l) => ({ logIndex: l.logIndex, messageId: bytes(l.messageId, 'message id'), traceparent: l.traceparent })),
    }))
    const wire = encodeBundleWire({
      origin: p.origin, blockNumber, blockHash, parentHash, observedAt: p.now, part: i, partCount: plan.parts.length,
      header: plan.header, nodes: part.nodes, receipts,
    })
    const messageCount = receipts.reduce((n, r) => n + r.logs.length, 0)
    const messageIds = part.receipts.flatMap((r) => r.logs.map((l) => l.messageId))
    return { bytes: wire, origin: p.origin, blockNumber: blockNumber.toString(), blockHash: p.block.hash, part: i, partCount: plan.parts.length, messageCount, messageIds }
  })
}
