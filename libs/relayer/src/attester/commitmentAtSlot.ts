import {
  buildSlotCommitment,
  countEpochMessagesBefore,
  countMessagesBetween,
  extractSlotMessages,
  fetchOutboxSlot,
  solanaEpoch,
  type SlotCommitment,
  type SolanaRpcRequest,
  type SolanaTransactionResponse,
} from '@relaymesh/solana'

export type CommitmentAtSlotParameters = {
  domain: number
  feeAccount: string
  minFee: bigint
  slotsPerEpoch: number
  slot: number
  messagesBefore: number
}

/**
 * The commitment of one Solana slot as a committee member computes it: the slot's outbox messages found by
 * the same `extractSlotMessages` the relayers' watchers run, numbered from `messagesBefore` (the epoch's
 * running count, which the caller carries from slot to slot), their Merkle root, the blockhash and the epoch.
 * `null` for a slot without a block (skipped).
 *
 * @example
 * const commitment = await commitmentAtSlot(httpSolanaRpc(rpcUrl), {
 *   domain,
 *   feeAccount,
 *   minFee,
 *   slotsPerEpoch,
 *   slot,
 *   messagesBefore,
 * })
 */
export async function commitmentAtSlot(
  request: SolanaRpcRequest,
  p: CommitmentAtSlotParameters,
): Promise<SlotCommitment | null> {
  const block = await fetchOutboxSlot(request, { slot: p.slot, feeAccount: p.feeAccount })
  if (!block) return null
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({
    meta: { err: t.err },
    transaction: [t.wire, 'base64'],
  }))
  const epoch = solanaEpoch(p.slot, p.slotsPerEpoch)
  const { ids } = extractSlotMessages({
    slot: p.slot,
    epoch,
    messagesBefore: p.messagesBefore,
    transactions,
    origin: p.domain,
    feeAccount: p.feeAccount,
    minFeeLamports: p.minFee,
  })
  return buildSlotCommitment({
    domain: p.domain,
    slot: p.slot,
    blockhash: block.blockhash,
    slotsPerEpoch: p.slotsPerEpoch,
    messagesBefore: p.messagesBefore,
    ids,
  })
}

/**
 * The epoch's running message count as a committee member carries it along the slots it signs in order:
 * `messagesBefore` of the slot after `slot`, given `slot`'s own `messagesBefore` and commitment (null: no
 * block, nothing added). 0 when the next slot starts an epoch. Pure.
 *
 * @example
 * messagesBefore = nextMessagesBefore({ slot, slotsPerEpoch, messagesBefore, commitment })
 */
export function nextMessagesBefore(p: {
  slot: number
  slotsPerEpoch: number
  messagesBefore: number
  commitment: SlotCommitment | null
}): number {
  if (solanaEpoch(p.slot + 1, p.slotsPerEpoch) !== solanaEpoch(p.slot, p.slotsPerEpoch)) return 0
  return p.messagesBefore + (p.commitment?.messageCount ?? 0)
}

/**
 * `AttesterChain` over a Solana JSON-RPC: the finalized slot, a slot's commitment, and the chain's own count
 * of messages (the epoch's before a slot, `countEpochMessagesBefore`, or a range's, `countMessagesBetween`),
 * read when the loop starts.
 *
 * @example
 * const chain = rpcAttesterChain(httpSolanaRpc(rpcUrl), { domain, feeAccount, minFee, slotsPerEpoch })
 */
export function rpcAttesterChain(
  request: SolanaRpcRequest,
  p: Omit<CommitmentAtSlotParameters, 'slot' | 'messagesBefore'>,
) {
  const rules = { slotsPerEpoch: p.slotsPerEpoch, origin: p.domain, feeAccount: p.feeAccount, minFeeLamports: p.minFee }
  return {
    domain: p.domain,
    slotsPerEpoch: p.slotsPerEpoch,
    finalizedSlot: async () => Number(await request('getSlot', [{ commitment: 'finalized' }])),
    messagesBefore: (slot: number) => countEpochMessagesBefore(request, { slot, ...rules }),
    messagesBetween: (from: number, to: number) => countMessagesBetween(request, { from, to, ...rules }),
    commitmentAt: (slot: number, messagesBefore: number) => commitmentAtSlot(request, { ...p, slot, messagesBefore }),
  }
}
