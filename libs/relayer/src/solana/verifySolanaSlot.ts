import type { ReasonCode } from '@relaymesh/errors'
import { MESSAGE_HEADER_BYTES } from '@relaymesh/protocol'
import {
  committeeForEpoch,
  extractSlotMessages,
  prepareCommittee,
  solanaEpoch,
  verifySlotCommitment,
  verifySlotMessages,
  SolanaSourceError,
  type CommitteeSchedule,
  type PreparedCommittee,
  type SlotMessage,
  type SolanaTransactionResponse,
} from '@relaymesh/solana'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

/** What a relayer accepts from its Solana source (config, passed to the workers). */
export type VerifySolanaSlotOptions = {
  domain: number
  feeAccount: string
  minFeeLamports: bigint
  slotsPerEpoch: number
  schedule: CommitteeSchedule
  destinations: ReadonlySet<number>
  maxPayloadBytes: number
}

/** A refused message or memo with its reason code. */
export type RejectedSolanaMessage = {
  code: ReasonCode
  reason: string
  /** The message id (32 bytes) when the memo decoded, else null. */
  id: Uint8Array | null
  signature: string
  instructionIndex: number
}

/**
 * The slot's messages as `extractSlotMessages` numbered them (`ids` packed, message i's id at `32 * i`), the
 * positions of those that passed the relayer's route and payload rules (`verified`, ascending), and the refusals.
 */
export type VerifySolanaSlotReturnType = {
  messages: SlotMessage[]
  ids: Uint8Array
  verified: number[]
  rejected: RejectedSolanaMessage[]
  signedStake: bigint
  totalStake: bigint
}

function invalid(reason: string, meta: Record<string, unknown>): SolanaSourceError {
  return new SolanaSourceError('COMMITMENT_INVALID', reason, { meta })
}

/** The commitment must name this bundle's domain, slot and blockhash, and the epoch the slot is in. */
function checkCommitmentFields(bundle: SolanaSlotBundle, o: VerifySolanaSlotOptions): number {
  const c = bundle.commitment
  if (bundle.origin !== o.domain || c.domain !== o.domain)
    throw invalid('commitment is for another domain', { origin: bundle.origin, domain: c.domain })
  if (c.slot !== bundle.slot || c.blockhash !== bundle.blockhash)
    throw invalid('commitment is for another slot or block', { slot: c.slot, bundleSlot: bundle.slot })
  const epoch = solanaEpoch(bundle.slot, o.slotsPerEpoch)
  if (c.epoch !== epoch) {
    throw new SolanaSourceError(
      'COMMITTEE_WRONG_EPOCH',
      `commitment says epoch ${c.epoch}, slot ${bundle.slot} is in epoch ${epoch}`,
      { meta: { slot: bundle.slot, epoch, claimed: c.epoch } },
    )
  }
  return epoch
}

function routeCheck(m: SlotMessage, o: VerifySolanaSlotOptions): { code: ReasonCode; reason: string } | null {
  if (!o.destinations.has(m.message.destination))
    return { code: 'UNKNOWN_ROUTE', reason: `destination ${m.message.destination} is not configured` }
  if (m.encoded.length - MESSAGE_HEADER_BYTES > o.maxPayloadBytes)
    return { code: 'PAYLOAD_TOO_LARGE', reason: `payload over ${o.maxPayloadBytes} bytes` }
  return null
}

/**
 * Attested verification of one Solana slot bundle (BRIEF "Solana source:
 * attested"; MEMO_FORMAT.md "Slot commitments"): the commitment's fields
 * match the bundle and the slot's epoch; the epoch's committee signed it with
 * more than 2/3 of its stake (each signature verified once, for all of the
 * slot's messages); the messages are re-extracted from the raw transactions,
 * never taken from the watcher, numbered from the commitment's signed
 * `messagesBefore` (`nonce = epoch << 40 | (messagesBefore + position)`), and
 * their ids must rebuild the committed root. The count's order across slots is
 * checked by the caller, which holds the other commitments (`assertCountsChain`).
 * Then each message passes the relayer's own route and payload rules.
 * Pure and synchronous: runs in the worker pool.
 *
 * @throws {SolanaSourceError} whole-slot failures: `COMMITMENT_INVALID`, `COMMITTEE_WRONG_EPOCH`,
 * `COMMITTEE_UNKNOWN_SIGNER`, `COMMITTEE_DUPLICATE_SIGNER`, `COMMITTEE_INSUFFICIENT_STAKE`,
 * `COMMITTEE_BAD_SIGNATURE`, `MESSAGE_NOT_IN_COMMITMENT`, `TX_MALFORMED`.
 * @example
 * const { messages, ids, verified, rejected } = verifySolanaSlot(bundle, options, committees)
 */
export function verifySolanaSlot(
  bundle: SolanaSlotBundle,
  o: VerifySolanaSlotOptions,
  committees = new Map<number, PreparedCommittee>(),
): VerifySolanaSlotReturnType {
  const epoch = checkCommitmentFields(bundle, o)
  let committee = committees.get(epoch)
  if (!committee) committees.set(epoch, (committee = prepareCommittee(committeeForEpoch(o.schedule, epoch))))
  const { signedStake, totalStake } = verifySlotCommitment(committee, bundle.commitment, bundle.signatures)
  const transactions = bundle.transactions.map((t): SolanaTransactionResponse => ({
    meta: { err: t.err },
    transaction: [t.wire, 'base64'],
  }))
  // Nonces from the signed count (MEMO_FORMAT.md "Nonces"): a count the committee did not sign fails the signatures
  // above, and ids numbered from any other count fail the root below.
  const { epoch: committedEpoch, messagesBefore } = bundle.commitment
  const extracted = extractSlotMessages({
    slot: bundle.slot,
    epoch: committedEpoch,
    messagesBefore,
    transactions,
    origin: o.domain,
    feeAccount: o.feeAccount,
    minFeeLamports: o.minFeeLamports,
  })
  verifySlotMessages(bundle.commitment, extracted.ids)
  const rejected: RejectedSolanaMessage[] = extracted.rejections.map((r) => ({
    code: r.code,
    reason: r.error.shortMessage,
    id: r.id,
    signature: r.signature,
    instructionIndex: r.instructionIndex,
  }))
  const verified: number[] = []
  for (const m of extracted.messages) {
    const refused = routeCheck(m, o)
    if (refused) rejected.push({ ...refused, id: m.id, signature: m.signature, instructionIndex: m.instructionIndex })
    else verified.push(m.position)
  }
  return { messages: extracted.messages, ids: extracted.ids, verified, rejected, signedStake, totalStake }
}
