import type { MerkleLeaves } from '@relaymesh/protocol'
import { slotMessagesRoot } from '../commitment/slotMessagesRoot.js'
import type { SlotCommitment } from '../commitment/SlotCommitment.js'

/**
 * The epoch of a slot: `floor(slot / slotsPerEpoch)` (no warm-up epochs:
 * mainnet-beta's first normal epoch is 0 at 432,000 slots per epoch).
 *
 * @example
 * solanaEpoch(864_001, 432_000) // 2
 */
export function solanaEpoch(slot: number, slotsPerEpoch: number): number {
  return Math.floor(slot / slotsPerEpoch)
}

/**
 * The commitment a committee member signs for a finalized slot: its
 * blockhash, the epoch's message count before it (the same `messagesBefore`
 * the ids were numbered from) and the root over the ids `extractSlotMessages`
 * assigned, packed as it returns them (zero root and count 0 for a slot without messages). Pure.
 *
 * @example
 * const commitment = buildSlotCommitment({
 *   domain,
 *   slot,
 *   blockhash,
 *   slotsPerEpoch,
 *   messagesBefore,
 *   ids: extracted.ids,
 * })
 */
export function buildSlotCommitment(p: {
  domain: number
  slot: number
  blockhash: string
  slotsPerEpoch: number
  messagesBefore: number
  ids: MerkleLeaves
}): SlotCommitment {
  return {
    domain: p.domain,
    epoch: solanaEpoch(p.slot, p.slotsPerEpoch),
    slot: p.slot,
    blockhash: p.blockhash,
    messagesBefore: p.messagesBefore,
    ...slotMessagesRoot(p.ids),
  }
}

/**
 * The first slot of a slot's epoch (the slot where `messagesBefore` restarts at 0).
 *
 * @example
 * epochStartSlot(864_001, 432_000) // 864_000
 */
export function epochStartSlot(slot: number, slotsPerEpoch: number): number {
  return solanaEpoch(slot, slotsPerEpoch) * slotsPerEpoch
}
