import type { ExtractOutboxMessagesParameters } from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { epochStartSlot, solanaEpoch } from '../slot/buildSlotCommitment.js'
import { extractSlotMessages } from '../slot/extractSlotMessages.js'
import { fetchOutboxSlot, type OutboxSlot, type SolanaRpcRequest } from './fetchOutboxSlot.js'
import { outboxSlotsBetween } from './outboxSlotsBetween.js'

/**
 * Parameters of `countEpochMessagesBefore`: the slot, the epoch length, the
 * relayers' acceptance rules, and an optional cache of per-slot message counts
 * (finalized slots never change, so a caller asking for many slots passes one
 * map and reads each block once).
 *
 * @example
 * const p: CountEpochMessagesBeforeParameters = {
 *   slot,
 *   slotsPerEpoch: 432_000,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 *   cache: new Map(),
 * }
 */
export type CountEpochMessagesBeforeParameters = ExtractOutboxMessagesParameters & {
  slot: number
  slotsPerEpoch: number
  cache?: Map<number, number> | undefined
  pageSize?: number | undefined
}

/**
 * The number of accepted outbox messages of one slot's block (the count the
 * slot adds to its epoch's `messagesBefore`). Pure.
 *
 * @example
 * const n = slotMessageCount(block, { origin, feeAccount, minFeeLamports: 5000n, slotsPerEpoch })
 */
export function slotMessageCount(
  block: OutboxSlot,
  p: ExtractOutboxMessagesParameters & { slotsPerEpoch: number },
): number {
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({
    meta: { err: t.err },
    transaction: [t.wire, 'base64'],
  }))
  const { slotsPerEpoch, ...options } = p
  return extractSlotMessages({
    slot: block.slot,
    epoch: solanaEpoch(block.slot, slotsPerEpoch),
    messagesBefore: 0,
    transactions,
    ...options,
  }).messages.length
}

/**
 * Parameters of `countMessagesBetween`: an inclusive slot range within one
 * epoch, the epoch length, the relayers' acceptance rules, and the optional
 * per-slot count cache.
 *
 * @example
 * const p: CountMessagesBetweenParameters = {
 *   from: 864_000,
 *   to: 864_099,
 *   slotsPerEpoch: 432_000,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * }
 */
export type CountMessagesBetweenParameters = Omit<CountEpochMessagesBeforeParameters, 'slot'> & {
  from: number
  to: number
}

/**
 * The accepted outbox messages in the finalized slots `[from, to]`, read from
 * the chain: the outbox slots through the fee account's signatures
 * (`outboxSlotsBetween`), each block counted by `extractSlotMessages` (once
 * per slot with `cache`). 0 for an empty range.
 *
 * @example
 * const n = await countMessagesBetween(request, {
 *   from: 101,
 *   to: 199,
 *   slotsPerEpoch,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 */
export async function countMessagesBetween(
  request: SolanaRpcRequest,
  p: CountMessagesBetweenParameters,
): Promise<number> {
  const { from, to, cache, pageSize, ...rules } = p
  if (to < from) return 0
  const slots = await outboxSlotsBetween(request, { feeAccount: p.feeAccount, from, to, pageSize })
  let count = 0
  for (const s of slots) {
    let n = cache?.get(s)
    if (n === undefined) {
      const block = await fetchOutboxSlot(request, { slot: s, feeAccount: p.feeAccount })
      n = block ? slotMessageCount(block, rules) : 0
      cache?.set(s, n)
    }
    count += n
  }
  return count
}

/**
 * A slot's `messagesBefore` read from the finalized chain itself (MEMO_FORMAT.md
 * "Nonces"): the accepted outbox messages in the slots of its epoch before it,
 * found through the fee account's signatures (`outboxSlotsBetween`) and
 * counted by the same `extractSlotMessages` the committee runs. This is the
 * source of truth every party computes alike: an attester or a watcher
 * starting without state, and the SDK. Cost: one signatures page per 1,000
 * outbox transactions since the epoch began (plus newer ones) and one
 * `getBlock` per outbox slot not in `cache`; bounded by one epoch because the
 * count restarts at 0 each epoch.
 *
 * @example
 * const messagesBefore = await countEpochMessagesBefore(httpSolanaRpc(url), {
 *   slot,
 *   slotsPerEpoch,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 */
export function countEpochMessagesBefore(
  request: SolanaRpcRequest,
  p: CountEpochMessagesBeforeParameters,
): Promise<number> {
  const { slot, ...rest } = p
  return countMessagesBetween(request, { ...rest, from: epochStartSlot(slot, p.slotsPerEpoch), to: slot - 1 })
}
