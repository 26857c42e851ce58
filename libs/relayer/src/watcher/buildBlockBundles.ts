import type { Hex } from 'viem'
import type { SourceBundle } from '../bundle/SourceBundle.js'
import { planBlockBundles, type PlanBlockBundlesParameters } from './planBlockBundles.js'

export type BuildBlockBundlesParameters = PlanBlockBundlesParameters

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`

/**
 * Turns a block and its receipts into bundle parts in the JSON shape (hex
 * strings): only receipts holding an Outbox `Dispatch` log are claimed, each
 * with a Merkle-Patricia proof against the header's receiptsRoot built from
 * all of the block's receipts. Returns no parts for a block without
 * messages. The watcher publishes the binary form ({@link buildBlockBundleWires}).
 */
export function buildBlockBundles(p: BuildBlockBundlesParameters): SourceBundle[] {
  const plan = planBlockBundles(p, 'json')
  if (plan === undefined) return []
  const header = hex(plan.header)
  return plan.parts.map((part, i) => ({
    version: 1,
    origin: p.origin,
    blockNumber: BigInt(p.block.number).toString(),
    blockHash: p.block.hash,
    parentHash: p.block.parentHash,
    header,
    observedAt: p.now,
    nodes: part.nodes.map(hex),
    receipts: part.receipts,
    part: i,
    partCount: plan.parts.length,
  }))
}
