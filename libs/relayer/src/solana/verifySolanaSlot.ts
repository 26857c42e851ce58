import type { ReasonCode } from '@relaymesh/errors'
import { hexToBytes, type Hex } from '@relaymesh/protocol'
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
  type SolanaTransactionResponse,
} from '@relaymesh/solana'
import bs58 from 'bs58'
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

/** A verified Solana message, in the columns the store takes. */
export type VerifiedSolanaMessage = {
  id: Hex
  destination: number
  nonce: bigint
  sender: Uint8Array
  recipient: Uint8Array
  gasLimit: number
  payload: Uint8Array
  /** The carrying transaction's 64-byte signature. */
  signature: Uint8Array
  instructionIndex: number
}

/** A refused message or memo with its reason code. */
export type RejectedSolanaMessage = {
  code: ReasonCode
  reason: string
  id: Hex | null
  signature: string
  instructionIndex: number
}

export type VerifySolanaSlotReturnType = {
  verified: VerifiedSolanaMessage[]
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

function routeCheck(
  message: { destination: number; payload: Hex },
  o: VerifySolanaSlotOptions,
): { code: ReasonCode; reason: string } | null {
  if (!o.destinations.has(message.destination))
    return { code: 'UNKNOWN_ROUTE', reason: `destination ${message.destination} is not configured` }
  if ((message.payload.length - 2) / 2 > o.maxPayloadBytes)
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
 * const { verified, rejected } = verifySolanaSlot(bundle, options, committees)
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
  // Nonces from the signed count (MEMO_FORMAT.md "Nonces"): a count the committee did not sign fails the signatures above, and ids numbered from any other count fail the root below.
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
  verifySlotMessages(
    bundle.commitment,
    extracted.messages.map((m) => m.id),
  )
  const rejected: RejectedSolanaMessage[] = extracted.rejections.map((r) => ({
    code: r.code,
    reason: r.error.shortMessage,
    id: r.id,
    signature: r.signature,
    instructionIndex: r.instructionIndex,
  }))
  const verified: VerifiedSolanaMessage[] = []
  for (const m of extracted.messages) {
    const refused = routeCheck(m.message, o)
    if (refused) {
      rejected.push({ ...refused, id: m.id, signature: m.signature, instructionIndex: m.instructionIndex })
      continue
    }
    verified.push({
      id: m.id,
      destination: m.message.destination,
      nonce: m.message.nonce,
      sender: hexToBytes(m.message.sender),
      recipient: hexToBytes(m.message.recipient),
      gasLimit: m.message.gasLimit,
      payload: hexToBytes(m.message.payload),
      signature: bs58.decode(m.signature),
      instructionIndex: m.instructionIndex,
    })
  }
  return { verified, rejected, signedStake, totalStake }
}
