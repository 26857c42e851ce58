import type { SolanaRpcRequest } from './fetchOutboxSlot.js'

type SignatureInfo = { signature: string; slot: number }

/**
 * Parameters of `outboxSlotsBetween`: the fee account every outbox
 * transaction pays, the inclusive slot range, and the page sizes of
 * `getSignaturesForAddress`: the first page (default `pageSize`), then four
 * times larger each up to `pageSize` (default 1000, the node's cap).
 *
 * @example
 * const p: OutboxSlotsBetweenParameters = { feeAccount, from: 864_000, to: 864_250, firstPageSize: 64 }
 */
export type OutboxSlotsBetweenParameters = {
  feeAccount: string
  from: number
  to: number
  pageSize?: number | undefined
  firstPageSize?: number | undefined
}

/**
 * The finalized slots in `[from, to]` holding transactions that mention the
 * fee account, ascending: `getSignaturesForAddress` pages newest first
 * (`before` = last signature of the previous page) until a page reaches below
 * `from` or runs out, so nothing in the range is missed. Slots outside the
 * range cost pages but are dropped. A small first page suits a reader that
 * keeps up (it reads about what is new, not a full page of old signatures).
 * The watcher, the attesters and the SDK find outbox slots with it.
 *
 * @example
 * const slots = await outboxSlotsBetween(httpSolanaRpc(url), { feeAccount, from: 864_000, to: 864_250 })
 */
export async function outboxSlotsBetween(
  request: SolanaRpcRequest,
  p: OutboxSlotsBetweenParameters,
): Promise<number[]> {
  const pageSize = p.pageSize ?? 1000
  const slots = new Set<number>()
  if (p.to < p.from) return []
  let before: string | undefined
  let limit = Math.min(p.firstPageSize ?? pageSize, pageSize)
  for (;;) {
    const page = (await request('getSignaturesForAddress', [
      p.feeAccount,
      { commitment: 'finalized', limit, ...(before ? { before } : {}) },
    ])) as SignatureInfo[] // reason: the node's documented shape
    for (const s of page) if (s.slot >= p.from && s.slot <= p.to) slots.add(s.slot)
    const last = page.at(-1)
    if (!last || page.length < limit || last.slot < p.from) break
    before = last.signature
    limit = Math.min(limit * 4, pageSize)
  }
  return [...slots].sort((a, b) => a - b)
}
