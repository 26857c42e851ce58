import {
  buildReceiptsTrie, DISPATCH_TOPIC, encodeBlockHeader, encodeReceipt, getReceiptProof,
  type RpcBlockHeader, type RpcReceipt,
} from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { ClaimedLog } from '../bundle/SourceBundle.js'
import { splitBundle, type BundlePartPlan } from './splitBundle.js'

export type PlanBlockBundlesParameters = {
  origin: number
  /** Lower-case Outbox address. */
  outbox: Hex
  /** The block as `eth_getBlockByHash` returns it (header fields, hex). */
  block: RpcBlockHeader & { hash: Hex; number: Hex | bigint; parentHash: Hex }
  /** All of the block's receipts (`eth_getBlockReceipts`), in transaction order. */
  receipts: ReadonlyArray<RpcReceipt & { transactionHash: Hex }>
  /** Starts the message's trace at observation and returns its traceparent. */
  observe?: ((messageId: Hex) => string | undefined) | undefined
  maxBytes: number
  now: number
}

/** A block's bundle parts before encoding: the header RLP and, per part, raw proof nodes and claims. */
export type BlockBundlePlan = { header: Uint8Array; parts: BundlePartPlan[] }

/**
 * Claims every receipt holding an Outbox `Dispatch` log and cuts its
 * Merkle-Patricia proof from the block's receipts trie, then splits the
 * claims into parts under `maxBytes` counted in `format`. Undefined for a
 * block without messages.
 */
export function planBlockBundles(p: PlanBlockBundlesParameters, format: 'json' | 'wire'): BlockBundlePlan | undefined {
  const claimed: Array<{ txIndex: number; logs: ClaimedLog[] }> = []
  p.receipts.forEach((receipt, txIndex) => {
    const logs: ClaimedLog[] = []
    receipt.logs.forEach((log, logIndex) => {
      if (log.address.toLowerCase() !== p.outbox || log.topics[0]?.toLowerCase() !== DISPATCH_TOPIC) return
      const messageId = (log.topics[1] ?? '0x').toLowerCase() as Hex // reason: topics are hex strings
      logs.push({ logIndex, messageId, traceparent: p.observe?.(messageId) })
    })
    if (logs.length > 0) claimed.push({ txIndex, logs })
  })
  if (claimed.length === 0) return undefined
  const trie = buildReceiptsTrie(p.receipts.map((r) => encodeReceipt(r)))
  const header = encodeBlockHeader(p.block)
  const parts = splitBundle({
    receipts: claimed.map(({ txIndex, logs }) => ({
      txIndex,
      txHash: (p.receipts[txIndex] as { transactionHash: Hex }).transactionHash, // reason: index from forEach over receipts
      logs,
      proofNodes: getReceiptProof(trie, txIndex),
    })),
    maxBytes: p.maxBytes,
    fixedBytes: format === 'json' ? header.length * 2 : header.length,
    format,
  })
  return { header, parts }
}
