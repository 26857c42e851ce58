import {
  buildReceiptsTrie,
  DISPATCH_TOPIC,
  encodeReceipt,
  hashBlockHeader,
  type RpcBlockHeader,
  type RpcLog,
  type RpcReceipt,
} from '@relaymesh/receipt-proof'
import { bytesToHex, hexToBytes, keccak256, type Hex } from 'viem'

/** A block as `eth_getBlockByNumber` answers it (header fields, hash; other keys are carried along). */
export type ForgeableBlock = RpcBlockHeader & { hash: Hex; number: Hex; parentHash: Hex; [key: string]: unknown }
/** A receipt as `eth_getBlockReceipts` answers it. */
export type ForgeableReceipt = RpcReceipt & {
  transactionHash: Hex
  logs: ReadonlyArray<RpcLog & Record<string, unknown>>
  [key: string]: unknown
}

export type ForgeConsistentBlockParameters = {
  block: ForgeableBlock
  receipts: readonly ForgeableReceipt[]
  /** The forged hash of the parent when the parent was forged too (the block is then re-parented onto the fork). */
  parentHash?: Hex | undefined
}

export type ForgeConsistentBlockReturnType = {
  block: ForgeableBlock
  receipts: ForgeableReceipt[]
  /** Ids of the Dispatch logs added (none when the block had no Dispatch log and was only re-parented). */
  forgedIds: Hex[]
}

/** ORs `value`'s three bloom bits into a 2048-bit log bloom (Yellow Paper §4.3.1, M3:2048). */
function addToBloom(bloom: Hex, value: Hex): Hex {
  const bits = hexToBytes(bloom)
  const hash = hexToBytes(keccak256(value))
  for (let i = 0; i < 6; i += 2) {
    const bit = (((hash[i] as number) << 8) | (hash[i + 1] as number)) & 2047 // reason: i + 1 < 32
    bits[255 - (bit >> 3)] = (bits[255 - (bit >> 3)] as number) | (1 << (bit & 7)) // reason: index in 0..255
  }
  return bytesToHex(bits)
}

/**
 * The message of a Dispatch log's data (`abi.encode(bytes)`: offset word, length word, bytes) with its last byte
 * changed, re-encoded: another message of the same route, length and nonce.
 */
function alterMessage(data: Hex): { data: Hex; message: Hex } {
  const bytes = hexToBytes(data)
  const length = Number(BigInt(bytesToHex(bytes.subarray(32, 64))))
  const last = 64 + length - 1
  bytes[last] = (bytes[last] as number) ^ 0x01
  return { data: bytesToHex(bytes), message: bytesToHex(bytes.subarray(64, 64 + length)) }
}

/** The first Dispatch log of the block with a forged message added after it in its receipt; undefined if none. */
function addForgedDispatch(receipts: ForgeableReceipt[]): { receipts: ForgeableReceipt[]; id: Hex } | undefined {
  const at = receipts.findIndex((r) => r.logs.some((l) => l.topics[0]?.toLowerCase() === DISPATCH_TOPIC))
  const receipt = receipts[at]
  if (!receipt) return undefined
  // reason: the receipt was found holding one
  const genuine = receipt.logs.find((l) => l.topics[0]?.toLowerCase() === DISPATCH_TOPIC) as ForgeableReceipt['logs'][0]
  const { data, message } = alterMessage(genuine.data)
  const id = keccak256(message)
  const forged = { ...genuine, data, topics: genuine.topics.map((t, i) => (i === 1 ? id : t)) }
  const changed = { ...receipt, logs: [...receipt.logs, forged], logsBloom: addToBloom(receipt.logsBloom, id) }
  return { receipts: receipts.map((r, i) => (i === at ? changed : r)), id }
}

/**
 * What a consistent liar serves for a block: a forged Dispatch log added to the block's receipts (another message,
 * its id the keccak of it as the Outbox would emit it) and the header's receiptsRoot, logsBloom and hash recomputed
 * over them, so receipts, header and hash all agree; re-parented onto `parentHash` when its parent was forged. Nothing
 * an answer can be checked against on its own catches it: only the light client's finalized chain does. Log indexes
 * are renumbered block-wide and every `blockHash` field names the forged hash.
 *
 * @example
 * const forged = forgeConsistentBlock({ block, receipts })
 * // hashBlockHeader(forged.block) === forged.block.hash; its receipts trie root is forged.block.receiptsRoot
 */
export function forgeConsistentBlock(p: ForgeConsistentBlockParameters): ForgeConsistentBlockReturnType {
  const added = addForgedDispatch([...p.receipts])
  const receipts = added?.receipts ?? [...p.receipts]
  const receiptsRoot = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r))).root
  const logsBloom = added ? addToBloom(p.block.logsBloom, added.id) : p.block.logsBloom
  const header = { ...p.block, parentHash: p.parentHash ?? p.block.parentHash, receiptsRoot, logsBloom }
  const hash = hashBlockHeader(header)
  const transactions = Array.isArray(p.block.transactions)
    ? p.block.transactions.map((t: unknown) => (typeof t === 'object' && t !== null ? { ...t, blockHash: hash } : t))
    : p.block.transactions
  let logIndex = 0
  return {
    block: { ...header, hash, transactions },
    receipts: receipts.map((r) => ({
      ...r,
      blockHash: hash,
      logs: r.logs.map((l) => ({ ...l, blockHash: hash, logIndex: `0x${(logIndex++).toString(16)}` })),
    })),
    forgedIds: added ? [added.id] : [],
  }
}
