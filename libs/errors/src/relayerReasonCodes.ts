import type { ReasonCodeEntry } from './ReasonCodeEntry.js'

/**
 * The relayer pipeline's codes (watcher, verifier, batcher, settler, follower, attester: `RelayerError`) and the
 * recipient contract's outcome the inbox follower records. Part of the registry, `REASON_CODES`.
 */
export const RELAYER_REASON_CODES = {
  // relayer
  BUNDLE_MALFORMED: {
    sources: ['relayer'],
    summary: 'A source bundle does not decode or breaks its own shape: the whole bundle is rejected.',
  },
  HEADER_HASH_MISMATCH: {
    sources: ['relayer'],
    summary: 'The source block header does not hash to the claimed block hash.',
  },
  BLOCK_NOT_FINAL: {
    sources: ['relayer'],
    summary: 'The source block is not final yet; the relayers wait before verifying it.',
  },
  BLOCK_NOT_CANONICAL: {
    sources: ['relayer'],
    summary: 'The source block was reorganised away: it is no longer on the canonical chain.',
  },
  FINALITY_ENDPOINTS_DISAGREE: {
    sources: ['relayer'],
    summary:
      'With confirmations finality, two of the relayer’s own RPC endpoints name different blocks at the height of ' +
      'a buried source block (one lies or serves its own fork), and no block is named by two or more endpoints ' +
      'whose next blocks build on it, more than any other: the block is not declared final while they disagree; ' +
      'the relayers retry, and an operator should look at the endpoints (hosts) named in the reason.',
  },
  RECEIPT_PROOF_INVALID: {
    sources: ['relayer', 'receipt-proof'],
    summary:
      'The proof that the source transaction’s receipt is in the source block did not check out, so the message ' +
      'was never proven to exist.',
  },
  LOG_NOT_FOUND: {
    sources: ['relayer', 'receipt-proof'],
    summary: 'The claimed Dispatch log is not in the source transaction receipt.',
  },
  WRONG_OUTBOX: {
    sources: ['relayer'],
    summary: 'The log was emitted by another contract than the relaymesh Outbox: it is not a relaymesh message.',
  },
  NOT_DISPATCH_EVENT: { sources: ['relayer'], summary: 'The log is not a Dispatch event of the Outbox.' },
  MESSAGE_MALFORMED: { sources: ['relayer'], summary: 'The message encoding is malformed.' },
  MESSAGE_ID_MISMATCH: {
    sources: ['relayer'],
    summary: 'The message id is not the hash of the message the source chain emitted.',
  },
  WRONG_ORIGIN: {
    sources: ['relayer'],
    summary: 'The message names another origin chain than the one it was emitted on.',
  },
  UNKNOWN_ROUTE: { sources: ['relayer'], summary: 'No route is configured from this origin to this destination.' },
  PAYLOAD_TOO_LARGE: { sources: ['relayer'], summary: 'The payload is larger than the protocol allows.' },
  RECEIPT_TOO_LARGE: {
    sources: ['relayer'],
    summary:
      "The source transaction's receipt proof alone does not fit a bus message: its messages are rejected and the " +
      'chain goes on.',
  },
  REPLAYED_MESSAGE: {
    sources: ['relayer'],
    summary: 'A message with this id was already delivered: this one is a replay.',
  },
  BATCH_UNVERIFIED_MESSAGE: {
    sources: ['relayer'],
    summary: 'A relayer refused to co-sign a batch holding a message it had not verified.',
  },
  BATCH_CHAIN_MISMATCH: {
    sources: ['relayer', 'store'],
    summary: '`previousBatchHash` does not match the stored previous batch: the hash chain would break.',
  },
  BATCH_ROOT_MISMATCH: {
    sources: ['relayer'],
    summary: "A batch proposal's Merkle root is not the root of the messages it lists.",
  },
  BATCH_SIGNATURE_INVALID: {
    sources: ['relayer'],
    summary: "A co-signature over a batch does not recover to a relayer of the inbox's set.",
  },
  TX_REVERTED: { sources: ['relayer'], summary: 'The destination transaction reverted.' },
  RPC_UNAVAILABLE: { sources: ['relayer'], summary: 'A chain node could not be reached; the relayers retry.' },
  RPC_DATA_INCONSISTENT: {
    sources: ['relayer'],
    summary:
      'An RPC endpoint answered a block, a range or a run of headers that does not fit together (receipts not ' +
      'hashing to the receipts root, a header not hashing to its hash or not linking, a BSC seal not by its miner, a ' +
      'block asked by hash answered with another): a lying or broken node. The read goes to the next endpoint, and ' +
      'the endpoint is avoided for a while when another answered consistently.',
  },
  SETTLER_FUNDS_LOW: {
    sources: ['relayer'],
    summary:
      'The settler account cannot pay for a tx (gas x fee + value above its balance): nothing is sent until it ' +
      'is funded.',
  },
  CONFIG_INVALID: {
    sources: ['relayer'],
    summary: 'The service configuration is unusable (a missing or malformed setting): the service stops at start.',
  },
  KEY_NOT_LOADED: { sources: ['relayer'], summary: 'A service started without a signing key was asked to sign.' },
  SIGNER_LEASE_HELD: {
    sources: ['relayer'],
    summary: 'Another live process signs with this key and chain: this one does not sign until the lease is free.',
  },
  ATTESTER_EQUIVOCATION_REFUSED: {
    sources: ['relayer'],
    summary:
      'The Solana attester was asked to sign a second, different commitment for a slot it already signed, and refused.',
  },
  BATCH_WRONG_PROPOSER: {
    sources: ['relayer'],
    summary: 'A batch was proposed by a relayer that is not the proposer for that destination and index.',
  },
  BATCH_PENDING_VERIFICATION: {
    sources: ['relayer'],
    summary: 'A co-signer has not verified every message of a proposed batch yet: asked again later.',
  },
  BATCH_SUPERSEDED: { sources: ['relayer'], summary: 'The batch was replaced by another at the same index.' },
  BATCH_NOT_ADOPTED: {
    sources: ['relayer'],
    summary:
      "The inbox settled a batch holding messages this relayer's verifier still had not verified " +
      '`batch.adoptWaitMs` after it settled: the follower records it and moves on without adopting the batch ' +
      '(this relayer signs none of them).',
  },
  BATCH_PREDECESSOR_REFUSED: {
    sources: ['relayer'],
    summary:
      'A later batch refused with the batch it chained on (its hash chain extended a refused batch): its messages ' +
      'go back to the queue.',
  },
  BATCH_QUORUM_TIMEOUT: {
    sources: ['relayer'],
    summary: 'Not enough relayers co-signed the batch in time; it is proposed again.',
  },
  BATCH_HASH_MISMATCH: {
    sources: ['relayer'],
    summary: "A batch's hash (header fields and previous batch hash) is not the one proposed or recorded on the inbox.",
  },
  TX_NONCE_CONFLICT: {
    sources: ['relayer'],
    summary:
      "Another transaction from the settler key took this transaction's nonce: it can never be mined and is " +
      'booked failed.',
  },
  TX_NONCE_GAP: {
    sources: ['relayer'],
    summary:
      'A persisted tx sits above nonces nothing will fill (the node lost them): booked failed so later txs are ' +
      'not stuck behind it.',
  },
  EXECUTE_GAS_UNAFFORDABLE: {
    sources: ['relayer'],
    summary: 'The gas the message asks for is more than a destination block can give, so it is never sent.',
  },
  EXECUTE_REVERTED: { sources: ['relayer'], summary: 'The execute transaction reverted on the destination chain.' },
  STOPPING: { sources: ['relayer'], summary: 'The service is stopping: the work is left for the next start.' },
  ATTESTER_COMMITMENT_CONFLICT: {
    sources: ['relayer'],
    summary:
      'A committee member validly signed another Solana slot commitment than the one this relayer computed (a ' +
      'fork, another chain view, or equivocation); recorded with both commitments as evidence.',
  },
  CHAIN_UNREADABLE: {
    sources: ['relayer'],
    summary: "`/v1/relayers` could not read a chain's inbox or the settler's balance in time.",
  },
  SIGNER_UNREACHABLE: {
    sources: ['relayer'],
    summary:
      'A Solana committee signer did not answer or answered with an HTTP error; the other signers are still asked.',
  },
  SIGNER_ANSWER_INVALID: {
    sources: ['relayer'],
    summary:
      'A Solana committee signer answered with a malformed commitment, a non-member key or a signature that does ' +
      'not verify; it does not count.',
  },
  // recipient
  RECIPIENT_REVERTED: {
    sources: ['recipient'],
    summary: 'The recipient contract reverted when the message was executed; it can be retried.',
  },
  RECIPIENT_HAS_NO_CODE: {
    sources: ['recipient'],
    summary: 'The recipient address has no contract code on the destination chain.',
  },
} as const satisfies Record<string, ReasonCodeEntry>
