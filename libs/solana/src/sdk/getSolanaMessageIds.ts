import type { Connection } from '@solana/web3.js'
import type { ExtractOutboxMessagesParameters } from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { fetchOutboxSlot, httpSolanaRpc } from '../rpc/fetchOutboxSlot.js'
import { extractSlotMessages, type SlotMessage } from '../slot/extractSlotMessages.js'

/**
 * Inputs of `getSolanaMessageIds`: the transactions to look up and the relayers' acceptance rules.
 *
 * @example
 * const parameters: GetSolanaMessageIdsParameters = { signatures, origin: domains.solanaLocal, feeAccount, minFeeLamports: 5000n }
 */
export type GetSolanaMessageIdsParameters = ExtractOutboxMessagesParameters & { signatures: readonly string[] }

/** `getSignatureStatuses` takes at most this many signatures per call. */
const STATUSES_PER_CALL = 256

/**
 * The relayed messages (assigned nonce and id) of finalized outbox
 * transactions: the transactions' slots from `getSignatureStatuses` (256
 * per call), each slot read once, numbered by `extractSlotMessages` exactly
 * as the relayers and the committee do. A signature not finalized yet maps to
 * no entry; neither does a failed transaction (it carries no message).
 *
 * @example
 * const bySignature = await getSolanaMessageIds(connection, { signatures: [signature], origin, feeAccount, minFeeLamports: 5000n })
 * const id = bySignature.get(signature)?.[0]?.id
 */
export async function getSolanaMessageIds(connection: Connection, p: GetSolanaMessageIdsParameters): Promise<Map<string, SlotMessage[]>> {
  const { signatures, ...options } = p
  const slots = new Set<number>()
  for (let from = 0; from < signatures.length; from += STATUSES_PER_CALL) {
    const { value } = await connection.getSignatureStatuses(signatures.slice(from, from + STATUSES_PER_CALL), { searchTransactionHistory: true })
    for (const status of value) if (status?.confirmationStatus === 'finalized') slots.add(status.slot)
  }
  const wanted = new Set(signatures)
  const out = new Map<string, SlotMessage[]>()
  const request = httpSolanaRpc(connection.rpcEndpoint)
  for (const slot of slots) {
    const block = await fetchOutboxSlot(request, { slot, feeAccount: p.feeAccount })
    if (!block) continue
    const transactions = block.transactions.map((t): SolanaTransactionResponse => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] }))
    for (const m of extractSlotMessages({ slot, transactions, ...options }).messages) {
      if (!wanted.has(m.signature)) continue
      out.set(m.signature, [...(out.get(m.signature) ?? []), m])
    }
  }
  return out
}
