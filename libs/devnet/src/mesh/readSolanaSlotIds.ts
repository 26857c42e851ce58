import { bytesToHex, type Hex } from '@relaymesh/protocol'
import {
  countEpochMessagesBefore,
  extractSlotMessages,
  fetchOutboxSlot,
  httpSolanaRpc,
  solanaEpoch,
  type SolanaTransactionResponse,
} from '@relaymesh/solana'

/**
 * Per outbox transaction of a finalized slot: the ids the relayers assign to its accepted messages, and the codes of
 * the refused ones.
 */
export type SlotIdsBySignature = Map<string, { ids: Hex[]; rejected: string[] }>

/** Reads a finalized slot's outbox ids (each slot fetched and numbered once, however many callers ask). */
export type SolanaSlotIds = (slot: number) => Promise<SlotIdsBySignature>

/** Finalized slots remembered; older ones are read again if asked (only a very late confirmation pass would). */
const REMEMBERED_SLOTS = 256

/**
 * The ids of finalized slots' outbox messages exactly as the relayers and
 * the committee derive them (`fetchOutboxSlot`, the epoch's count before the
 * slot from the chain, `countEpochMessagesBefore`, then `extractSlotMessages`:
 * MEMO_FORMAT.md "Nonces"), cached per slot so that several senders on one
 * chain read a slot once; the per-slot message counts are cached too, so each
 * block is read once however many later slots count it.
 *
 * @example
 * const slotIds = readSolanaSlotIds({ rpcUrl, origin, feeAccount, minFeeLamports: 5000n, slotsPerEpoch: 432_000 })
 * const ids = (await slotIds(slot)).get(signature)?.ids
 */
export function readSolanaSlotIds(p: {
  rpcUrl: string
  origin: number
  feeAccount: string
  minFeeLamports: bigint
  slotsPerEpoch: number
}): SolanaSlotIds {
  const request = httpSolanaRpc(p.rpcUrl)
  const cache = new Map<number, Promise<SlotIdsBySignature>>()
  const counts = new Map<number, number>()
  const rules = { origin: p.origin, feeAccount: p.feeAccount, minFeeLamports: p.minFeeLamports }
  const read = async (slot: number): Promise<SlotIdsBySignature> => {
    const block = await fetchOutboxSlot(request, { slot, feeAccount: p.feeAccount })
    const out: SlotIdsBySignature = new Map()
    if (!block) return out
    const transactions = block.transactions.map((t): SolanaTransactionResponse => ({
      meta: { err: t.err },
      transaction: [t.wire, 'base64'],
    }))
    for (const t of block.transactions) out.set(t.signature, { ids: [], rejected: [] })
    const messagesBefore = await countEpochMessagesBefore(request, {
      slot,
      slotsPerEpoch: p.slotsPerEpoch,
      cache: counts,
      ...rules,
    })
    const { messages, rejections } = extractSlotMessages({
      slot,
      epoch: solanaEpoch(slot, p.slotsPerEpoch),
      messagesBefore,
      transactions,
      ...rules,
    })
    counts.set(slot, messages.length)
    // Hex: the load generator matches these with the ids the relayer API serves.
    for (const m of messages) out.get(m.signature)?.ids.push(bytesToHex(m.id))
    for (const r of rejections) if (r.code !== 'MEMO_NOT_PROTOCOL') out.get(r.signature)?.rejected.push(r.code)
    return out
  }
  return (slot) => {
    let ids = cache.get(slot)
    if (!ids) {
      ids = read(slot)
      ids.catch(() => cache.delete(slot)) // a failed read is tried again by the next pass
      cache.set(slot, ids)
      for (const old of cache.keys()) if (cache.size > REMEMBERED_SLOTS) cache.delete(old)
    }
    return ids
  }
}
