import { bytesToHex, type Hex } from '@relaymesh/protocol'
import type { Connection } from '@solana/web3.js'
import type { ExtractOutboxMessagesParameters } from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { countEpochMessagesBefore } from '../rpc/countEpochMessagesBefore.js'
import { fetchOutboxSlot, httpSolanaRpc } from '../rpc/fetchOutboxSlot.js'
import { solanaEpoch } from '../slot/buildSlotCommitment.js'
import { extractSlotMessages, type SlotMessage } from '../slot/extractSlotMessages.js'

/**
 * Inputs of `getSolanaMessageIds`: the transactions to look up, the relayers'
 * acceptance rules and the cluster's epoch length (432,000 slots on
 * mainnet-beta; the relayers' `slotsPerEpoch`), since nonces count per epoch.
 *
 * @example
 * const parameters: GetSolanaMessageIdsParameters = {
 *   signatures,
 *   origin: domains.solanaLocal,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 *   slotsPerEpoch: 432_000,
 * }
 */
export type GetSolanaMessageIdsParameters = ExtractOutboxMessagesParameters & {
  signatures: readonly string[]
  slotsPerEpoch: number
}

/**
 * A relayed Solana message as `getSolanaMessageIds` returns it: `extractSlotMessages`'s `SlotMessage` with its id
 * as 0x-hex, the form the relayer API and the EVM SDK use.
 *
 * @example
 * const { id, message, signature } = relayed
 */
export type SolanaRelayedMessage = Omit<SlotMessage, 'id'> & { id: Hex }

/** `getSignatureStatuses` takes at most this many signatures per call. */
const STATUSES_PER_CALL = 256

/**
 * The relayed messages (assigned nonce and id) of finalized outbox
 * transactions: the transactions' slots from `getSignatureStatuses` (256
 * per call), each slot read once, numbered by `extractSlotMessages` exactly
 * as the relayers and the committee do. A signature not finalized yet maps to
 * no entry; neither does a failed transaction (it carries no message).
 *
 * The nonce depends on the epoch's messages before the slot (MEMO_FORMAT.md
 * "Nonces"). The SDK reads that count from the same source of truth the
 * committee signs from, the finalized chain (`countEpochMessagesBefore`:
 * the fee account's signatures since the epoch began, one `getBlock` per
 * outbox slot of the epoch before the latest asked, read once per call), and
 * trusts no relayer for it. On a busy cluster late in an epoch that is many
 * blocks: a dApp that already follows the relayer API can read the id there
 * instead (`getMessagesBySender` of `@relaymesh/sdk`).
 *
 * @example
 * const bySignature = await getSolanaMessageIds(connection, {
 *   signatures: [signature],
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 *   slotsPerEpoch: 432_000,
 * })
 * const id = bySignature.get(signature)?.[0]?.id
 */
export async function getSolanaMessageIds(
  connection: Connection,
  p: GetSolanaMessageIdsParameters,
): Promise<Map<string, SolanaRelayedMessage[]>> {
  const { signatures, slotsPerEpoch, ...options } = p
  const slots = new Set<number>()
  for (let from = 0; from < signatures.length; from += STATUSES_PER_CALL) {
    const { value } = await connection.getSignatureStatuses(signatures.slice(from, from + STATUSES_PER_CALL), {
      searchTransactionHistory: true,
    })
    for (const status of value) if (status?.confirmationStatus === 'finalized') slots.add(status.slot)
  }
  const wanted = new Set(signatures)
  const out = new Map<string, SolanaRelayedMessage[]>()
  const request = httpSolanaRpc(connection.rpcEndpoint)
  const counts = new Map<number, number>() // finalized slots' message counts, shared by the slots asked
  for (const slot of [...slots].sort((a, b) => a - b)) {
    const block = await fetchOutboxSlot(request, { slot, feeAccount: p.feeAccount })
    if (!block) continue
    const messagesBefore = await countEpochMessagesBefore(request, { slot, slotsPerEpoch, cache: counts, ...options })
    const transactions = block.transactions.map((t): SolanaTransactionResponse => ({
      meta: { err: t.err },
      transaction: [t.wire, 'base64'],
    }))
    const extracted = extractSlotMessages({
      slot,
      epoch: solanaEpoch(slot, slotsPerEpoch),
      messagesBefore,
      transactions,
      ...options,
    })
    counts.set(slot, extracted.messages.length)
    for (const m of extracted.messages) {
      if (!wanted.has(m.signature)) continue
      // The id leaves the process here (to the dApp): hex, as the API serves it.
      out.set(m.signature, [...(out.get(m.signature) ?? []), { ...m, id: bytesToHex(m.id) }])
    }
  }
  return out
}
