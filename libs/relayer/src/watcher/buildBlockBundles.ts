import { bytesToHex } from '@relaymesh/protocol'
import {
  buildReceiptsTrie, DISPATCH_TOPIC, encodeBlockHeader, encodeReceipt, getReceiptProof,
  type RpcBlockHeader, type RpcReceipt,
} from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { ClaimedLog, SourceBundle } from '../bundle/SourceBundle.js'
import { splitBundle } from './splitBundle.js'

export type BuildBlockBundlesParameters = {
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

/**
 * Turns a block and its receipts into bundle parts: only receipts holding an
 * Outbox `Dispatch` log are claimed, each with a Merkle-Patricia proof
 * against the header's receiptsRoot built from all of the block's receipts.
 * Returns no parts for a block without messages.
 */
export function buildBlockBundles(p: BuildBlockBundlesParameters): SourceBundle[] {
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
  if (claimed.length === 0) return []
  const trie = buildReceiptsTrie(p.receipts.map((r) => encodeReceipt(r)))
  const header = bytesToHex(encodeBlockHeader(p.block))
  return splitBundle({
    base: {
      version: 1,
      origin: p.origin,
      blockNumber: BigInt(p.block.number).toString(),
      blockHash: p.block.hash,
      parentHash: p.block.parentHash,
      header,
      observedAt: p.now,
    },
    receipts: claimed.map(({ txIndex, logs }) => ({
      txIndex,
      txHash: (p.receipts[txIndex] as { transactionHash: Hex }).transactionHash, // reason: index from forEach over receipts
      logs,
      proofNodes: getReceiptProof(trie, txIndex),
    })),
    maxBytes: p.maxBytes,
  })
}
