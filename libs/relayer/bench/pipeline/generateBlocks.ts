import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad, toHex } from 'viem'
import { syntheticBlock, syntheticMessages, type SyntheticBlock } from '../../src/testing/syntheticBlock.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'

/** `count` blocks to `to`, numbered (and their nonces) from block `first`. */
export function generateBlocks(o: PipelineBenchOptions, count: number, to: number, first: number): SyntheticBlock[] {
  const out: SyntheticBlock[] = []
  let parent = pad(toHex(first + 1))
  for (let b = first; b < first + count; b++) {
    const { receipts } = syntheticMessages({
      origin: o.origin,
      destination: to,
      outbox: o.outbox,
      count: o.perBlock,
      perReceipt: o.perReceipt,
      firstNonce: BigInt(b * o.perBlock),
    })
    const block = syntheticBlock(receipts, BigInt(b + 1), parent, (h) => hashBlockHeader(h))
    parent = block.block.hash
    out.push(block)
  }
  return out
}
