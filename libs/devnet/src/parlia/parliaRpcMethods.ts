import type { Hex } from '@relaymesh/protocol'
import type { ParliaDevChain } from './createParliaDevChain.js'

/** Calls the anvil behind the node. */
export type AnvilCall = (method: string, params: unknown[]) => Promise<unknown>

type Obj = Record<string, unknown>
const hex = (n: bigint) => `0x${n.toString(16)}`

/** Replaces every `blockHash` of anvil's with ours; null when the block is not sealed yet. */
function rewriteHashes<T extends Obj>(chain: ParliaDevChain, item: T): T | null {
  if (typeof item.blockHash !== 'string') return item
  const ours = chain.ourHash(item.blockHash)
  return ours ? { ...item, blockHash: ours } : null
}

/** A block tag, number or (our) hash to a sealed number; undefined when there is none. */
function resolveBlock(chain: ParliaDevChain, ref: unknown): bigint | undefined {
  const head = chain.head()
  let n: bigint | undefined
  if (ref === undefined || ref === 'latest' || ref === 'pending') n = head
  else if (ref === 'safe' || ref === 'finalized') n = chain.finalized()
  else if (ref === 'earliest') n = 0n
  else if (typeof ref === 'string' && ref.length === 66) n = chain.numberOf(ref)
  else if (typeof ref === 'object' && ref !== null && 'blockHash' in ref)
    n = chain.numberOf(String((ref as Obj).blockHash))
  else if (typeof ref === 'object' && ref !== null && 'blockNumber' in ref) n = BigInt(String((ref as Obj).blockNumber))
  else if (typeof ref === 'string') n = BigInt(ref)
  return n !== undefined && n >= 0n && n <= head ? n : undefined
}

async function getBlock(chain: ParliaDevChain, anvil: AnvilCall, ref: unknown, full: unknown): Promise<unknown> {
  const n = resolveBlock(chain, ref)
  const sealed = n === undefined ? undefined : chain.block(n)
  if (n === undefined || !sealed) return null
  const block = (await anvil('eth_getBlockByNumber', [hex(n), full === true])) as Obj | null
  if (!block) return null
  const transactions = Array.isArray(block.transactions)
    ? block.transactions.map((t: unknown) =>
        typeof t === 'object' && t !== null ? { ...(t as Obj), blockHash: sealed.hash } : t,
      )
    : block.transactions
  return { ...block, ...sealed.header, hash: sealed.hash, transactions }
}

async function getLogs(chain: ParliaDevChain, anvil: AnvilCall, filter: Obj): Promise<unknown> {
  const head = chain.head()
  const { blockHash, ...rest } = filter
  let from: bigint | undefined
  let to: bigint | undefined
  if (typeof blockHash === 'string') {
    from = to = chain.numberOf(blockHash)
  } else {
    from = resolveBlock(chain, filter.fromBlock ?? 'latest')
    to =
      filter.toBlock === undefined || filter.toBlock === 'latest' || filter.toBlock === 'pending'
        ? head
        : BigInt(String(filter.toBlock))
    if (to > head) to = head
    if (from === undefined && typeof filter.fromBlock === 'string' && filter.fromBlock.startsWith('0x'))
      from = BigInt(filter.fromBlock)
  }
  if (from === undefined || to === undefined || from > to) return []
  const logs = (await anvil('eth_getLogs', [{ ...rest, fromBlock: hex(from), toBlock: hex(to) }])) as Obj[]
  return logs.map((l) => rewriteHashes(chain, l)).filter((l) => l !== null)
}

async function getBlockReceipts(chain: ParliaDevChain, anvil: AnvilCall, ref: unknown): Promise<unknown> {
  const n = resolveBlock(chain, ref)
  if (n === undefined) return null
  const receipts = (await anvil('eth_getBlockReceipts', [hex(n)])) as Obj[] | null
  return (
    receipts?.map((r) => ({
      ...r,
      blockHash: chain.block(n)?.hash,
      logs: Array.isArray(r.logs) ? r.logs.map((l: Obj) => ({ ...l, blockHash: chain.block(n)?.hash })) : r.logs,
    })) ?? null
  )
}

async function getByTransaction(
  chain: ParliaDevChain,
  anvil: AnvilCall,
  method: string,
  params: unknown[],
): Promise<unknown> {
  const item = (await anvil(method, params)) as Obj | null
  if (!item) return null
  const rewritten = rewriteHashes(chain, item)
  if (!rewritten || !Array.isArray(rewritten.logs)) return rewritten
  return { ...rewritten, logs: rewritten.logs.map((l: Obj) => ({ ...l, blockHash: rewritten.blockHash })) }
}

/**
 * Answers one JSON-RPC call the way a BSC node would, with OUR Parlia headers
 * in place of anvil's: blocks, logs and receipts carry our block hashes;
 * everything else (transactions, calls, gas, chain id) is anvil's own answer.
 */
export async function answerParliaRpc(
  chain: ParliaDevChain,
  anvil: AnvilCall,
  method: string,
  params: unknown[],
): Promise<unknown> {
  switch (method) {
    case 'eth_blockNumber':
      return hex(chain.head() < 0n ? 0n : chain.head())
    case 'eth_getBlockByNumber':
    case 'eth_getBlockByHash':
      return getBlock(chain, anvil, params[0], params[1])
    case 'eth_getLogs':
      return getLogs(chain, anvil, (params[0] ?? {}) as Obj)
    case 'eth_getBlockReceipts':
      return getBlockReceipts(chain, anvil, params[0])
    case 'eth_getTransactionReceipt':
    case 'eth_getTransactionByHash':
      return getByTransaction(chain, anvil, method, params)
    default:
      return anvil(method, params)
  }
}

export type { Hex }
