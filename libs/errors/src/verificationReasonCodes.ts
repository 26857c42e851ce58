import type { ReasonCodeEntry } from './ReasonCodeEntry.js'

/**
 * The verification codes: the Ethereum and BSC light clients, receipt proofs, and the Solana source's memos and
 * slot commitments. Part of the registry, `REASON_CODES`.
 */
export const VERIFICATION_REASON_CODES = {
  // light-client
  LC_BAD_SIGNATURE: {
    sources: ['light-client'],
    summary: 'the sync-committee aggregate does not verify over the attested header.',
  },
  LC_INSUFFICIENT_PARTICIPATION: {
    sources: ['light-client'],
    summary: 'fewer than MIN_SYNC_COMMITTEE_PARTICIPANTS signed.',
  },
  LC_INVALID_FINALITY_BRANCH: {
    sources: ['light-client'],
    summary: 'the finalized header is not under the attested state root (or is malformed).',
  },
  LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH: {
    sources: ['light-client'],
    summary: 'the next committee is not under the attested state root (or differs from the known one).',
  },
  LC_INVALID_EXECUTION_BRANCH: {
    sources: ['light-client'],
    summary: "a header's execution payload header is not under its body root (or is set before Capella).",
  },
  LC_UNKNOWN_SYNC_COMMITTEE: {
    sources: ['light-client'],
    summary: 'the update is signed in a period whose committee the store does not know (skipped or rotated out).',
  },
  LC_WRONG_FORK_OR_DOMAIN: {
    sources: ['light-client'],
    summary: "the data's fork does not match the slot's fork, or the chain config cannot name a fork version.",
  },
  LC_INVALID_BOOTSTRAP: {
    sources: ['light-client'],
    summary: 'the bootstrap does not hash to the trusted root or its committee branch fails.',
  },
  LC_STALE_UPDATE: {
    sources: ['light-client'],
    summary:
      'slots out of order (or signed in the future), or the update is not newer than the store and brings no next ' +
      'committee (a re-sent or superseded update).',
  },
  LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT: {
    sources: ['light-client'],
    summary: 'a receipt proof does not hold against the finalized receiptsRoot.',
  },
  LC_EXECUTION_BLOCK_CONFLICT: {
    sources: ['light-client'],
    summary: 'a different block sits at a finalized height (or an ancestry chain is broken): it can never be final.',
  },
  LC_MALFORMED_INPUT: { sources: ['light-client'], summary: 'bytes or JSON that do not decode to the expected type.' },
  // parlia
  PARLIA_INVALID_HEADER: {
    sources: ['parlia'],
    summary:
      'the header is not canonical RLP of an EVM header, or breaks a standalone Parlia rule (non-empty uncle ' +
      'hash; `verifyHeader`).',
  },
  PARLIA_INVALID_EXTRA_DATA: {
    sources: ['parlia'],
    summary:
      'extraData does not parse: vanity, validator list (epoch blocks only), turn length (epoch blocks, Bohr+), ' +
      'vote attestation RLP, 65-byte seal; or a BLS key is invalid.',
  },
  PARLIA_BAD_SEAL: {
    sources: ['parlia'],
    summary:
      'the seal is not a recoverable secp256k1 signature over the seal hash, or it recovers to an address other ' +
      "than the header's `miner` (`errCoinBaseMisMatch`).",
  },
  PARLIA_UNKNOWN_SIGNER: {
    sources: ['parlia'],
    summary: 'the sealer is not in the validator set in force (`errUnauthorizedValidator`).',
  },
  PARLIA_WRONG_DIFFICULTY: {
    sources: ['parlia'],
    summary: 'difficulty is not 2 in turn / 1 out of turn (`errWrongDifficulty`).',
  },
  PARLIA_RECENTLY_SIGNED: {
    sources: ['parlia'],
    summary:
      'the sealer already sealed `turnLength` blocks in the recent window (`errRecentlySigned`, BEP-341 counting, ' +
      'BEP-404 and BEP-524 clearing).',
  },
  PARLIA_BROKEN_LINKAGE: {
    sources: ['parlia'],
    summary: "a header's parentHash is not keccak(rlp(parent)) or its number is not parent + 1.",
  },
  PARLIA_UNKNOWN_VALIDATOR_SET: {
    sources: ['parlia'],
    summary:
      'the validator set that seals this height is not known (yet): feed the epoch block and the headers that ' +
      'finalize it. `retry`.',
  },
  PARLIA_VOTE_TARGET_MISMATCH: { sources: ['parlia'], summary: "the attestation's target is not the header's parent." },
  PARLIA_VOTE_SOURCE_MISMATCH: {
    sources: ['parlia'],
    summary: "the attestation's source is not the parent's highest justified block.",
  },
  PARLIA_VOTE_UNDER_QUORUM: {
    sources: ['parlia'],
    summary: 'fewer than ceil(2n/3) of the n validators voted, or the bitmap names more voters than validators.',
  },
  PARLIA_BAD_VOTE_SIGNATURE: {
    sources: ['parlia'],
    summary: 'the aggregate BLS signature does not verify over the vote data.',
  },
  PARLIA_FINALITY_CONFLICT: {
    sources: ['parlia'],
    summary:
      'a header or a finalized checkpoint differs from a block the store already holds as final at that height (a ' +
      'fork below finality, or conflicting finality).',
  },
  PARLIA_INVALID_CONFIG: {
    sources: ['parlia'],
    summary: 'store parameters are unusable (chain id, epoch length, trusted epochs).',
  },
  // receipt-proof
  RLP_INVALID: { sources: ['receipt-proof'], summary: 'bytes are not canonical RLP.' },
  HEADER_INVALID: {
    sources: ['receipt-proof'],
    summary: 'a block header field is missing, malformed or out of order.',
  },
  RECEIPT_INVALID: {
    sources: ['receipt-proof'],
    summary: 'a receipt (JSON or EIP-2718 bytes) is malformed or of an unsupported type.',
  },
  RECEIPT_NOT_FOUND: {
    sources: ['receipt-proof'],
    summary: 'the proof is valid and shows that no receipt sits at that index.',
  },
  DISPATCH_LOG_INVALID: {
    sources: ['receipt-proof'],
    summary: 'a log is not a well-formed `Dispatch` event (topics or ABI data).',
  },
  // solana
  MEMO_NOT_PROTOCOL: { sources: ['solana'], summary: 'The Solana memo is not a relaymesh message.' },
  MEMO_TRUNCATED: { sources: ['solana'], summary: 'The Solana memo ends before its fields do.' },
  MEMO_UNKNOWN_VERSION: {
    sources: ['solana'],
    summary: 'The Solana memo uses a protocol version this relayer does not know.',
  },
  MEMO_BAD_ENCODING: { sources: ['solana'], summary: 'The Solana memo does not decode as a relaymesh message.' },
  MEMO_TOO_LARGE: { sources: ['solana'], summary: 'The Solana memo is larger than the protocol allows.' },
  MEMO_WRONG_ORIGIN: { sources: ['solana'], summary: 'The Solana memo names another origin chain.' },
  TX_FAILED: { sources: ['solana'], summary: 'The destination transaction failed.' },
  TX_MALFORMED: {
    sources: ['solana'],
    summary: 'The Solana transaction does not have the shape an outbox transaction needs.',
  },
  SENDER_MISMATCH: {
    sources: ['solana'],
    summary: 'The sender named in the message is not the account that sent the source transaction.',
  },
  FEE_MISSING: { sources: ['solana'], summary: 'The Solana outbox transaction carries no fee transfer to the outbox.' },
  MEMO_NONCE_NOT_ZERO: {
    sources: ['solana'],
    summary: 'The Solana memo sets a nonce: the relayer assigns nonces per slot, so the memo must leave it zero.',
  },
  COMMITTEE_INVALID: { sources: ['solana'], summary: 'The Solana committee (members, keys, stakes) is malformed.' },
  COMMITTEE_UNKNOWN_SIGNER: {
    sources: ['solana'],
    summary: 'A Solana commitment was signed by a key outside the committee.',
  },
  COMMITTEE_DUPLICATE_SIGNER: {
    sources: ['solana'],
    summary: 'A Solana committee member signed the commitment twice.',
  },
  COMMITTEE_INSUFFICIENT_STAKE: {
    sources: ['solana'],
    summary: 'The Solana committee signatures cover no more than 2/3 of the stake.',
  },
  COMMITTEE_WRONG_EPOCH: {
    sources: ['solana'],
    summary: 'The Solana commitment is signed for an epoch whose committee is not the one given.',
  },
  COMMITTEE_BAD_SIGNATURE: {
    sources: ['solana'],
    summary: 'A Solana committee signature over the slot commitment is invalid.',
  },
  COMMITMENT_INVALID: { sources: ['solana'], summary: 'The Solana slot commitment is malformed.' },
  MESSAGE_NOT_IN_COMMITMENT: {
    sources: ['solana'],
    summary: 'The message is not under the Merkle root the Solana committee signed.',
  },
  NONCE_NOT_COMMITTED: {
    sources: ['solana'],
    summary: "A Solana message's nonce is outside the range the signed slot commitment covers.",
  },
  COMMITMENT_COUNT_OVERLAP: {
    sources: ['solana'],
    summary: "A Solana slot commitment's message count range overlaps one already stored for that origin.",
  },
  EQUIVOCATION_PROOF_INVALID: {
    sources: ['solana'],
    summary:
      'An equivocation proof does not hold: its two slot commitments are not both canonical, for one slot, ' +
      'different, and signed by the named committee key.',
  },
} as const satisfies Record<string, ReasonCodeEntry>
