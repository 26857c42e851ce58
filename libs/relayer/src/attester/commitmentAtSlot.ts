import { buildSlotCommitment, extractSlotMessages, fetchOutboxSlot, type SlotCommitment, type SolanaRpcRequest, type SolanaTransactionResponse } from '@relaymesh/solana'

export type CommitmentAtSlotParameters = { domain: number; feeAccount: string; minFee: bigint; slotsPerEpoch: number; slot: number }

/**
 * The commitment of one Solana slot as a committee member computes it: the slot's outbox messages found by
 * the same `extractSlotMessages` the relayers' watchers run, their Merkle root, the blockhash and the epoch.
 * `null` for a slot without a block (skipped).
 *
 * @example
 * const commitment = await commitmentAtSlot(httpSolanaRpc(rpcUrl), { domain, feeAccount, minFee, slotsPerEpoch, slot })
 */
export async function commitmentAtSlot(request: SolanaRpcRequest, p: CommitmentAtSlotParameters): Promise<SlotCommitment | null> {
  const block = await fetchOutboxSlot(request, { slot: p.slot, feeAccount: p.feeAccount })
  if (!block) return null
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] }))
  const { messages } = extractSlotMessages({ slot: p.slot, transactions, origin: p.domain, feeAccount: p.feeAccount, minFeeLamports: p.minFee })
  return buildSlotCommitment({ domain: p.domain, slot: p.slot, blockhash: block.blockhash, slotsPerEpoch: p.slotsPerEpoch, ids: messages.map((m) => m.id) })
}
