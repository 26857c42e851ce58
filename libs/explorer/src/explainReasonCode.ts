import type { ReasonCode } from '@relaymesh/errors'

/**
 * Plain words, for people who do not read relayer source, for the reason codes a message is most often rejected or
 * fails with; keyed by the registry's codes (`REASON_CODES`, whose summaries are the operator's version).
 */
const REASONS: Partial<Record<ReasonCode, string>> = {
  RECEIPT_PROOF_INVALID:
    'The proof that the source transaction’s receipt is in the source block did not check out, so the message was ' +
    'never proven to exist.',
  RECEIPT_INVALID: 'The source transaction receipt is malformed.',
  RECEIPT_NOT_FOUND: 'The source transaction receipt could not be found in the claimed block.',
  RECEIPT_TOO_LARGE:
    'The source transaction’s receipt proof is too large to carry through the relayer bus, so its messages were ' +
    'rejected.',
  LOG_NOT_FOUND: 'The claimed Dispatch log is not in the source transaction receipt.',
  WRONG_OUTBOX: 'The log was emitted by another contract than the relaymesh Outbox: it is not a relaymesh message.',
  NOT_DISPATCH_EVENT: 'The log is not a Dispatch event of the Outbox.',
  DISPATCH_LOG_INVALID: 'The Dispatch log does not decode as a relaymesh message.',
  MESSAGE_ID_MISMATCH: 'The message id is not the hash of the message the source chain emitted.',
  MESSAGE_MALFORMED: 'The message encoding is malformed.',
  MESSAGE_UNKNOWN_VERSION: 'The message uses a protocol version this relayer does not know.',
  MESSAGE_TRUNCATED: 'The message encoding ends early.',
  MESSAGE_PAYLOAD_TOO_LARGE: 'The payload is larger than the protocol allows.',
  PAYLOAD_TOO_LARGE:
    'The payload is larger than the relayers accept (their maxPayloadBytes, at most the protocol’s 64 KiB): the ' +
    'source chain took it, but no relayer will verify or deliver it.',
  SENDER_MISMATCH: 'The sender named in the message is not the account that sent the source transaction.',
  WRONG_ORIGIN: 'The message names another origin chain than the one it was emitted on.',
  UNKNOWN_ROUTE: 'No route is configured from this origin to this destination.',
  REPLAYED_MESSAGE: 'A message with this id was already delivered: this one is a replay.',
  BLOCK_NOT_FINAL: 'The source block is not final yet; the relayers wait before verifying it.',
  BLOCK_NOT_CANONICAL: 'The source block was reorganised away: it is no longer on the canonical chain.',
  HEADER_INVALID: 'The source block header does not verify.',
  HEADER_HASH_MISMATCH: 'The source block header does not hash to the claimed block hash.',
  LC_BAD_SIGNATURE: 'The Ethereum sync committee’s aggregate signature over the header is invalid.',
  LC_INSUFFICIENT_PARTICIPATION: 'Too few Ethereum sync committee members signed the header.',
  LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT: 'The receipt is not under a finalized Ethereum execution payload.',
  LC_INVALID_FINALITY_BRANCH: 'The Ethereum finality proof (branch to the finalized header) is invalid.',
  LC_INVALID_EXECUTION_BRANCH: 'The proof from the beacon header to the execution payload is invalid.',
  LC_UNKNOWN_SYNC_COMMITTEE: 'The update is signed by a sync committee the light client does not know yet.',
  LC_STALE_UPDATE: 'The light-client update is older than what the verifier already has.',
  LC_WRONG_FORK_OR_DOMAIN: 'The light-client update was signed for another fork or network.',
  PARLIA_BAD_SEAL: 'The BSC block seal is not a valid validator signature.',
  PARLIA_UNKNOWN_SIGNER: 'The BSC block was sealed by an account that is not in the validator set.',
  PARLIA_VOTE_UNDER_QUORUM: 'The BSC fast-finality vote has fewer than 2/3 of the validators.',
  PARLIA_BAD_VOTE_SIGNATURE: 'The BSC fast-finality aggregate vote signature is invalid.',
  PARLIA_RECENTLY_SIGNED: 'The BSC validator sealed too recently to seal this block.',
  COMMITTEE_INSUFFICIENT_STAKE: 'The Solana committee signatures cover no more than 2/3 of the stake.',
  COMMITTEE_BAD_SIGNATURE: 'A Solana committee signature over the slot commitment is invalid.',
  COMMITTEE_UNKNOWN_SIGNER: 'A Solana commitment was signed by a key outside the committee.',
  COMMITTEE_DUPLICATE_SIGNER: 'A Solana committee member signed the commitment twice.',
  MESSAGE_NOT_IN_COMMITMENT: 'The message is not under the Merkle root the Solana committee signed.',
  COMMITMENT_INVALID: 'The Solana slot commitment is malformed.',
  MEMO_NOT_PROTOCOL: 'The Solana memo is not a relaymesh message.',
  MEMO_BAD_ENCODING: 'The Solana memo does not decode as a relaymesh message.',
  MEMO_TOO_LARGE: 'The Solana memo is larger than the protocol allows.',
  MEMO_WRONG_ORIGIN: 'The Solana memo names another origin chain.',
  BATCH_UNVERIFIED_MESSAGE: 'A relayer refused to co-sign a batch holding a message it had not verified.',
  BATCH_QUORUM_TIMEOUT: 'Not enough relayers co-signed the batch in time; it is proposed again.',
  BATCH_SUPERSEDED: 'The batch was replaced by another at the same index.',
  RECIPIENT_REVERTED: 'The recipient contract reverted when the message was executed; it can be retried.',
  RECIPIENT_HAS_NO_CODE: 'The recipient address has no contract code on the destination chain.',
  EXECUTE_REVERTED: 'The execute transaction reverted on the destination chain.',
  EXECUTE_GAS_UNAFFORDABLE:
    'The gas the message asks for is more than a destination block can give, so it is never sent.',
  TX_REVERTED: 'The destination transaction reverted.',
  TX_FAILED: 'The destination transaction failed.',
  RPC_UNAVAILABLE: 'A chain node could not be reached; the relayers retry.',
}

/**
 * A reason code in words, for people who do not read relayer source.
 *
 * @example
 * explainReasonCode('RECIPIENT_REVERTED') // 'The recipient contract reverted …'
 */
export function explainReasonCode(code: string): string {
  return (
    // reason: a code off the API may be any string; one not in the registry misses the map
    REASONS[code as ReasonCode] ?? 'A relayer check failed with this code (see the relayer documentation for the code).'
  )
}

/** What each verification label means (BRIEF "Trust model per route"). */
export const VERIFICATION_MEANING: Record<string, string> = {
  'light-client':
    'Verified with a light client: the relayers checked the source chain’s own consensus proofs (sync committee ' +
    'for Ethereum, validator seals and fast-finality votes for BSC) and a Merkle-Patricia proof of the ' +
    'transaction receipt. No party is trusted beyond the source chain’s validators.',
  attested:
    'Attested: a stake-weighted committee (more than 2/3 of stake) signed a commitment to the messages of the ' +
    'source slot. Solana has no light-client proof of a transaction today, so this trusts the committee.',
  confirmations:
    'Confirmations: the relayers waited for a number of source blocks on top of the message’s block. This trusts ' +
    'that the source chain does not reorganise that deep.',
}

/** What each message state means. */
export const STATE_MEANING: Record<string, string> = {
  observed: 'Seen on the source chain; waiting for the block to be final and verified.',
  verified: 'Proven by the relayers; waiting to be put in a batch.',
  batched: 'In a batch whose root the relayers are co-signing and posting.',
  settled: 'Its batch root is posted on the destination chain; waiting for execution.',
  executed: 'Delivered: the recipient was called on the destination chain.',
  failed: 'The recipient reverted; it can be executed again.',
  rejected: 'Refused by the relayers; it will never be delivered.',
}
