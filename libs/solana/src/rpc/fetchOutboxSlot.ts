import { decodeWireTransaction } from '../wire/decodeWireTransaction.js'
import { SolanaSourceError } from '../SolanaSourceError.js'

/** A JSON-RPC call (`method`, positional `params`) returning `result`; IO stays with the caller. */
export type SolanaRpcRequest = (method: string, params: readonly unknown[]) => Promise<unknown>

/**
 * One outbox transaction as the watcher carries it: base64 wire bytes (the
 * verifier re-extracts from these) and the node's `meta.err`.
 *
 * @example
 * const tx: OutboxSlotTransaction = { signature, wire: 'AQAB...', err: null }
 */
export type OutboxSlotTransaction = { signature: string; wire: string; err: unknown }

/**
 * A finalized slot's block head and its transactions that mention the fee account, in block order.
 *
 * @example
 * const { blockhash, transactions } = await fetchOutboxSlot(request, { slot, feeAccount })
 */
export type OutboxSlot = {
  slot: number
  blockhash: string
  parentSlot: number
  blockTime: number | null
  transactions: OutboxSlotTransaction[]
}

type RpcBlock = {
  blockhash: string
  parentSlot: number
  blockTime: number | null
  transactions: { transaction: [string, string]; meta: { err: unknown } | null }[]
}

/**
 * Reads one slot's block (`getBlock`, base64, finalized) and keeps the
 * transactions whose account keys include the fee account: every valid
 * outbox transaction pays it (MEMO_FORMAT.md), and block order is what the
 * nonce rule numbers by. Returns `null` for a skipped slot (no block).
 *
 * @throws {SolanaSourceError} `TX_MALFORMED` (action retry) when the node's answer is unreadable.
 * @example
 * const slot = await fetchOutboxSlot((method, params) => rpc(method, params), { slot: 1234, feeAccount })
 */
export async function fetchOutboxSlot(
  request: SolanaRpcRequest,
  p: { slot: number; feeAccount: string },
): Promise<OutboxSlot | null> {
  let block: RpcBlock | null
  try {
    block = (await request('getBlock', [
      p.slot,
      {
        encoding: 'base64',
        transactionDetails: 'full',
        rewards: false,
        commitment: 'finalized',
        maxSupportedTransactionVersion: 0,
      },
    ])) as RpcBlock | null // reason: the node's documented shape for these options
  } catch (error) {
    // -32007 / -32009: the slot was skipped or is missing in long-term storage (a skipped slot has no block).
    const code = (error as { code?: unknown }).code // reason: JSON-RPC errors carry a numeric code
    if (code === -32007 || code === -32009) return null
    throw error
  }
  if (block === null) return null
  if (!Array.isArray(block.transactions))
    throw new SolanaSourceError('TX_MALFORMED', `getBlock(${p.slot}) returned no transactions`, { action: 'retry' })
  const transactions: OutboxSlotTransaction[] = []
  for (const entry of block.transactions) {
    const bytes = Buffer.from(entry.transaction[0], 'base64')
    const decoded = decodeWireTransaction(bytes)
    if (!decoded.accountKeys.includes(p.feeAccount)) continue
    transactions.push({
      // reason: the decoder requires one signature
      signature: decoded.signatures[0] as string,
      wire: entry.transaction[0],
      err: entry.meta?.err ?? null,
    })
  }
  return {
    slot: p.slot,
    blockhash: block.blockhash,
    parentSlot: block.parentSlot,
    blockTime: block.blockTime,
    transactions,
  }
}

/** The fetch surface `httpSolanaRpc` uses: a POST and the response's status and JSON body. */
export type SolanaRpcFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

/**
 * A JSON-RPC request function over HTTP `fetch` (or any `SolanaRpcFetch`, such as a keep-alive node:http one); a
 * request unanswered after `timeoutMs` (default 10 s) fails.
 *
 * @example
 * const request = httpSolanaRpc(connection.rpcEndpoint)
 * await request('getSlot', [{ commitment: 'finalized' }])
 */

export function httpSolanaRpc(
  url: string,
  fetchImpl: SolanaRpcFetch = fetch,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): SolanaRpcRequest {
  let id = 0
  return async (method, params) => {
    // A stalled endpoint fails after timeoutMs (a TimeoutError) instead of holding the watcher: failoverSolanaRpc then
    // asks the next one.
    const request = JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params })
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request,
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!response.ok) throw Object.assign(new Error(`${method}: HTTP ${response.status}`), { code: response.status })
    // reason: JSON-RPC 2.0 envelope
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
    if (body.error) throw Object.assign(new Error(`${method}: ${body.error.message}`), { code: body.error.code })
    return body.result
  }
}
