import {
  buildReceiptsTrie,
  DISPATCH_TOPIC,
  encodeBlockHeader,
  encodeReceipt,
  getReceiptProof,
  type RpcBlockHeader,
  type RpcReceipt,
} from '@relaymesh/receipt-proof'
import { hexToBytes } from '@relaymesh/protocol'
import { keccak256, type Hex } from 'viem'
import type { BundleWireLog } from '../bundle/BundleWire.js'
import { RelayerError } from '../RelayerError.js'
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

/**
 * A block's bundle parts before encoding, all in bytes: the header RLP, the hashes and, per part, raw proof nodes and
 * claims.
 */
export type BlockBundlePlan = {
  header: Uint8Array
  blockHash: Uint8Array
  parentHash: Uint8Array
  parts: BundlePartPlan[]
}

/** The endpoint's hex as bytes, converted once where it enters; not hex is the endpoint's fault (retry another). */
function rpcBytes(value: Hex, field: string): Uint8Array {
  try {
    return hexToBytes(value, field)
  } catch (cause) {
    throw new RelayerError(`RPC returned a ${field} that is not hex`, {
      code: 'RPC_UNAVAILABLE',
      action: 'retry',
      cause,
    })
  }
}

/**
 * Claims every receipt holding an Outbox `Dispatch` log and cuts its
 * Merkle-Patricia proof from the block's receipts trie, then splits the
 * claims into parts under `maxBytes` of wire form. Undefined for a
 * block without messages.
 */
export function planBlockBundles(p: PlanBlockBundlesParameters): BlockBundlePlan | undefined {
  const claimed: Array<{ txIndex: number; logs: BundleWireLog[] }> = []
  p.receipts.forEach((receipt, txIndex) => {
    const logs: BundleWireLog[] = []
    receipt.logs.forEach((log, logIndex) => {
      if (log.address.toLowerCase() !== p.outbox || log.topics[0]?.toLowerCase() !== DISPATCH_TOPIC) return
      const topic = (log.topics[1] ?? '0x').toLowerCase() as Hex // reason: topics are hex strings
      logs.push({ logIndex, messageId: rpcBytes(topic, 'message id'), traceparent: p.observe?.(topic) })
    })
    if (logs.length > 0) claimed.push({ txIndex, logs })
  })
  if (claimed.length === 0) return undefined
  const trie = buildReceiptsTrie(p.receipts.map((r) => encodeReceipt(r)))
  const header = encodeBlockHeader(p.block)
  assertConsistent(p, trie.root, header)
  const parts = splitBundle({
    receipts: claimed.map(({ txIndex, logs }) => ({
      txIndex,
      // reason: index from forEach over receipts
      txHash: rpcBytes((p.receipts[txIndex] as { transactionHash: Hex }).transactionHash, 'transaction hash'),
      logs,
      proofNodes: getReceiptProof(trie, txIndex),
    })),
    maxBytes: p.maxBytes,
    fixedBytes: header.length,
  })
  return {
    header,
    blockHash: rpcBytes(p.block.hash, 'block hash'),
    parentHash: rpcBytes(p.block.parentHash, 'parent hash'),
    parts,
  }
}

/**
 * The endpoint's answers must agree with each other before anything is published: the receipts must hash to the
 * header's receipts root, and the header to the block hash. A forged log or receipt (a lying or broken node) fails
 * here, where the watcher can read the block again from another endpoint, instead of at every verifier, which can
 * only refuse it. A whole forged block that hashes consistently is refused by the verifiers' finality check.
 */
function assertConsistent(p: PlanBlockBundlesParameters, receiptsRoot: Hex, header: Uint8Array): void {
  const claimed = { receiptsRoot: p.block.receiptsRoot.toLowerCase(), hash: p.block.hash.toLowerCase() }
  const computed = { receiptsRoot: receiptsRoot.toLowerCase(), hash: keccak256(header) }
  if (computed.receiptsRoot === claimed.receiptsRoot && computed.hash === claimed.hash) return
  throw new RelayerError(`block ${p.block.hash} from the RPC endpoint is inconsistent`, {
    code: 'RPC_DATA_INCONSISTENT',
    action: 'retry',
    meta: { origin: p.origin, block: String(p.block.number), claimed, computed },
  })
}
