import { DISPATCH_TOPIC } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import {
  forgeConsistentBlock,
  type ForgeableBlock,
  type ForgeableReceipt,
  type ForgeConsistentBlockReturnType,
} from './forgeConsistentBlock.js'

/** A block the forger serves in place of the node's: its height, both hashes, and the message ids it made up. */
export type ForgedBlock = { number: bigint; honestHash: Hex; forgedHash: Hex; forgedIds: Hex[] }

export type ChainForger = {
  /** The answer a consistent liar gives to a JSON-RPC request (body as sent), given the node's own answer (bytes). */
  answer(request: Buffer, answer: Buffer): Promise<{ body: Buffer; forged: boolean }>
  /** Every block forged so far, in chain order. */
  forged(): ForgedBlock[]
}

type JsonRpcRequest = { method?: unknown; params?: unknown }
type Upstream = (method: string, params: unknown[]) => Promise<unknown>

const isDispatch = (r: ForgeableReceipt) => r.logs.some((l) => l.topics[0]?.toLowerCase() === DISPATCH_TOPIC)
const retag = (items: unknown, hash: Hex) =>
  Array.isArray(items)
    ? items.map((t: unknown) => (typeof t === 'object' && t !== null ? { ...t, blockHash: hash } : t))
    : items

type Forgery = ForgeConsistentBlockReturnType
/** The fork as built so far: the forgery at a height (built up to it in order), or at a hash or height given. */
type Fork = {
  at(n: bigint): Promise<Forgery | undefined>
  byRef(ref: unknown): Promise<Forgery | undefined>
  records: ForgedBlock[]
}

function createFork(upstream: Upstream): Fork {
  const byNumber = new Map<bigint, Forgery | null>()
  const byHash = new Map<string, bigint>()
  const records: ForgedBlock[] = []
  let next: bigint | undefined
  let queue: Promise<unknown> = Promise.resolve()
  const forgeOne = async (n: bigint): Promise<boolean> => {
    const number = `0x${n.toString(16)}`
    const block = (await upstream('eth_getBlockByNumber', [number, false])) as ForgeableBlock | null
    const receipts = (await upstream('eth_getBlockReceipts', [number])) as ForgeableReceipt[] | null
    if (!block || !receipts) return false
    const parent = byNumber.get(n - 1n)
    if (!parent && !receipts.some(isDispatch)) {
      byNumber.set(n, null)
      return true
    }
    const forged = forgeConsistentBlock({ block, receipts, parentHash: parent?.block.hash })
    byNumber.set(n, forged)
    byHash.set(forged.block.hash.toLowerCase(), n)
    records.push({ number: n, honestHash: block.hash, forgedHash: forged.block.hash, forgedIds: forged.forgedIds })
    return true
  }
  // Forges (in order, one caller at a time) every block up to `n`; the forgery at `n`, or undefined if honest.
  const at = (n: bigint): Promise<Forgery | undefined> => {
    const run = queue.then(async () => {
      next ??= n
      for (; next <= n; next++) if (!(await forgeOne(next))) break
      return byNumber.get(n) ?? undefined
    })
    queue = run.catch(() => undefined)
    return run
  }
  const byRef = async (ref: unknown) => {
    if (typeof ref !== 'string') return undefined
    const known = byHash.get(ref.toLowerCase())
    if (known !== undefined) return byNumber.get(known) ?? undefined
    return /^0x[0-9a-fA-F]{1,16}$/.test(ref) ? at(BigInt(ref)) : undefined // a height, not a hash or a tag
  }
  return { at, byRef, records }
}

async function forgeLogs(fork: Fork, logs: Array<{ blockNumber?: Hex; blockHash?: Hex }>): Promise<unknown> {
  let changed = false
  const out = await Promise.all(
    logs.map(async (log) => {
      const f = log.blockNumber ? await fork.at(BigInt(log.blockNumber)) : undefined
      if (!f) return log
      changed = true
      return { ...log, blockHash: f.block.hash }
    }),
  )
  return changed ? out : logs
}

/** The liar's result for one call, given the node's; the node's own object when nothing is forged. */
async function forgeResult(fork: Fork, method: unknown, params: unknown[], result: unknown): Promise<unknown> {
  if (method === 'eth_getBlockByHash') return (await fork.byRef(params[0]))?.block ?? result
  if (method === 'eth_getBlockByNumber') {
    const block = result as ForgeableBlock | null
    const f = block ? await fork.at(BigInt(block.number)) : undefined
    return f ? { ...f.block, transactions: retag(block?.transactions, f.block.hash) } : result
  }
  if (method === 'eth_getBlockReceipts') return (await fork.byRef(params[0]))?.receipts ?? result
  // Logs name their blocks by hash: those of forged blocks name the forged hash, as the liar's headers do.
  if (method === 'eth_getLogs' && Array.isArray(result)) return forgeLogs(fork, result)
  return result
}

/**
 * The node's chain as a consistent liar serves it (`startRpcProxy`'s `forge-chain` mode): from the first block holding
 * a Dispatch log at or after the first block it is asked about, a fork of its own. Each Dispatch block gets a forged
 * Dispatch log with receiptsRoot, bloom and hash recomputed (`forgeConsistentBlock`), and every later block is
 * re-parented onto the forged one, so headers hash, link and agree with their receipts and logs. Blocks are forged in
 * chain order, once (the node's chain is taken as final: a reorg under the forger is not followed). Asked by a
 * canonical hash, it answers the node's block: only its view of the chain by height lies.
 *
 * @example
 * const forger = createChainForger({ upstream: (method, params) => rpc(target, method, params) })
 * const { body } = await forger.answer(requestBody, nodeAnswer)
 */
export function createChainForger(p: { upstream: Upstream }): ChainForger {
  const fork = createFork(p.upstream)
  return {
    async answer(request, answer) {
      let call: JsonRpcRequest
      let body: { result?: unknown }
      try {
        call = JSON.parse(request.toString('utf8')) as JsonRpcRequest // reason: a JSON-RPC request body
        body = JSON.parse(answer.toString('utf8')) as { result?: unknown } // reason: a JSON-RPC answer
      } catch {
        return { body: answer, forged: false }
      }
      if (!('result' in body) || Array.isArray(call)) return { body: answer, forged: false }
      const result = await forgeResult(fork, call.method, Array.isArray(call.params) ? call.params : [], body.result)
      if (result === body.result) return { body: answer, forged: false }
      return { body: Buffer.from(JSON.stringify({ ...body, result })), forged: true }
    },
    forged: () => [...fork.records],
  }
}
