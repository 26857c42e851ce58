/**
 * Every reason code relaymesh records or answers with, in one place: what each stage stores with a rejected
 * message, bundle or batch (relayer, light clients, Solana, recipient, bus, tx, store) and what the API answers.
 * Each lib's error code type is the slice of this registry it raises (`ReasonCodeOf<'bus'>`), and every store
 * function that writes a reason takes a `ReasonCode`, so the compiler refuses a code made up on the spot. The
 * operator guide's table (deploy/README.md, "Reason codes") is rendered from this registry and a test keeps it so.
 */
export type ReasonCodeSource =
  /** `RelayerError`: the pipeline (watcher, verifier, batcher, settler, follower, attester). */
  | 'relayer'
  /** The recipient contract's outcome, recorded by the inbox follower. */
  | 'recipient'
  /** `LightClientError`, Ethereum (Altair sync protocol, Capella+ headers). */
  | 'light-client'
  /** `LightClientError`, BSC (Parlia): each names the rule of bnb-chain/bsc `consensus/parlia` the input broke. */
  | 'parlia'
  /** `ReceiptProofError`: headers, receipts and their Merkle-Patricia proofs. */
  | 'receipt-proof'
  /** `SolanaSourceError`: outbox memos and slot commitments. */
  | 'solana'
  /** `ProtocolError`: the wire protocol (PROTOCOL.md). */
  | 'protocol'
  /** `BusError` and the bus's dead letters. */
  | 'bus'
  /** `StoreError`. */
  | 'store'
  /** `ApiError`: what the relayer API answers. */
  | 'api'
  /** `TelemetryError`: `OTEL_*` configuration, found at start. */
  | 'telemetry'

/** One code: who raises or records it, and what it means, in words an operator reads. */
export type ReasonCodeEntry = { sources: readonly ReasonCodeSource[]; summary: string }

export const REASON_CODES = {
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
  RECEIPT_PROOF_INVALID: {
    sources: ['relayer', 'receipt-proof'],
    summary:
      'The proof that the source transaction’s receipt is in the source block did not check out, so the message was never proven to exist.',
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
      "The source transaction's receipt proof alone does not fit a bus message: its messages are rejected and the chain goes on.",
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
      'An RPC endpoint answered a block whose receipts do not hash to its receipts root, or whose header does not hash to its hash (a lying or broken node): the watcher reads the block from the next endpoint.',
  },
  SETTLER_FUNDS_LOW: {
    sources: ['relayer'],
    summary:
      'The settler account cannot pay for a tx (gas x fee + value above its balance): nothing is sent until it is funded.',
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
  BATCH_PREDECESSOR_REFUSED: {
    sources: ['relayer'],
    summary:
      'A later batch refused with the batch it chained on (its hash chain extended a refused batch): its messages go back to the queue.',
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
      "Another transaction from the settler key took this transaction's nonce: it can never be mined and is booked failed.",
  },
  TX_NONCE_GAP: {
    sources: ['relayer'],
    summary:
      'A persisted tx sits above nonces nothing will fill (the node lost them): booked failed so later txs are not stuck behind it.',
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
      'A committee member validly signed another Solana slot commitment than the one this relayer computed (a fork, another chain view, or equivocation); recorded with both commitments as evidence.',
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
      'A Solana committee signer answered with a malformed commitment, a non-member key or a signature that does not verify; it does not count.',
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
      'slots out of order (or signed in the future), or the update is not newer than the store and brings no next committee (a re-sent or superseded update).',
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
      'the header is not canonical RLP of an EVM header, or breaks a standalone Parlia rule (non-empty uncle hash; `verifyHeader`).',
  },
  PARLIA_INVALID_EXTRA_DATA: {
    sources: ['parlia'],
    summary:
      'extraData does not parse: vanity, validator list (epoch blocks only), turn length (epoch blocks, Bohr+), vote attestation RLP, 65-byte seal; or a BLS key is invalid.',
  },
  PARLIA_BAD_SEAL: {
    sources: ['parlia'],
    summary:
      "the seal is not a recoverable secp256k1 signature over the seal hash, or it recovers to an address other than the header's `miner` (`errCoinBaseMisMatch`).",
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
      'the sealer already sealed `turnLength` blocks in the recent window (`errRecentlySigned`, BEP-341 counting, BEP-404 and BEP-524 clearing).',
  },
  PARLIA_BROKEN_LINKAGE: {
    sources: ['parlia'],
    summary: "a header's parentHash is not keccak(rlp(parent)) or its number is not parent + 1.",
  },
  PARLIA_UNKNOWN_VALIDATOR_SET: {
    sources: ['parlia'],
    summary:
      'the validator set that seals this height is not known (yet): feed the epoch block and the headers that finalize it. `retry`.',
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
      'a header or a finalized checkpoint differs from a block the store already holds as final at that height (a fork below finality, or conflicting finality).',
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
      'An equivocation proof does not hold: its two slot commitments are not both canonical, for one slot, different, and signed by the named committee key.',
  },
  // protocol
  MESSAGE_TRUNCATED: { sources: ['protocol'], summary: 'The message encoding ends early.' },
  MESSAGE_UNKNOWN_VERSION: {
    sources: ['protocol'],
    summary: 'The message uses a protocol version this relayer does not know.',
  },
  MESSAGE_PAYLOAD_TOO_LARGE: { sources: ['protocol'], summary: 'The payload is larger than the protocol allows.' },
  MESSAGE_FIELD_OUT_OF_RANGE: {
    sources: ['protocol'],
    summary: 'A message field does not fit its wire width (domain, nonce, gas).',
  },
  MAX_PAYLOAD_INVALID: {
    sources: ['protocol'],
    summary: 'The configured maximum payload size is not a positive integer the protocol allows.',
  },
  HEX_INVALID: { sources: ['protocol'], summary: 'A value that must be 0x hex is not.' },
  ADDRESS_INVALID: { sources: ['protocol'], summary: 'An address is not 20 bytes (EVM) or 32 bytes (Solana).' },
  ADDRESS_HIGH_BYTES_NONZERO: { sources: ['protocol'], summary: 'A 32-byte EVM address has non-zero high bytes.' },
  DOMAIN_UNKNOWN: { sources: ['protocol'], summary: 'A domain is not a relaymesh domain.' },
  KECCAK_INPUT_INVALID: { sources: ['protocol'], summary: 'The input of a keccak batch is malformed.' },
  MERKLE_EMPTY: { sources: ['protocol'], summary: 'A Merkle tree over no leaves was asked for.' },
  MERKLE_LEAVES_MALFORMED: { sources: ['protocol'], summary: 'Merkle leaves are not 32-byte hashes.' },
  MERKLE_INDEX_OUT_OF_RANGE: { sources: ['protocol'], summary: 'A Merkle proof index is past the last leaf.' },
  MERKLE_INDICES_INVALID: { sources: ['protocol'], summary: 'Multiproof indices are not sorted, unique and in range.' },
  // bus
  BUS_CONNECT_FAILED: { sources: ['bus'], summary: 'NATS JetStream could not be reached or refused the connection.' },
  BUS_INVALID_NAME: { sources: ['bus'], summary: 'A stream, consumer or subject name is not valid in NATS.' },
  BUS_STREAM_SETUP_FAILED: { sources: ['bus'], summary: 'A JetStream stream could not be created or updated.' },
  BUS_CONSUMER_SETUP_FAILED: { sources: ['bus'], summary: 'A JetStream consumer could not be created or updated.' },
  BUS_CONSUMER_MISCONFIGURED: {
    sources: ['bus'],
    summary: 'An existing JetStream consumer has settings that conflict with the ones the service needs.',
  },
  BUS_PAYLOAD_TOO_LARGE: { sources: ['bus'], summary: "A bus message is larger than the server's max_payload." },
  BUS_PUBLISH_FAILED: { sources: ['bus'], summary: 'JetStream did not acknowledge a publish.' },
  BUS_STREAM_FULL: {
    sources: ['bus'],
    summary:
      'A stream is about to discard messages a consumer has not acked (its oldest go first when it reaches its byte limit): the watcher waits at its cursor until the consumer catches up.',
  },
  BUS_ENCODE_FAILED: { sources: ['bus'], summary: 'A value could not be encoded for the bus.' },
  BUS_DECODE_FAILED: { sources: ['bus'], summary: 'A bus message does not decode as the type its subject carries.' },
  BUS_CODEC_MISMATCH: {
    sources: ['bus'],
    summary: 'A bus message was written with another codec than the consumer reads.',
  },
  BUS_FETCH_FAILED: { sources: ['bus'], summary: 'Pulling messages from a JetStream consumer failed.' },
  UNCLASSIFIED_ERROR: {
    sources: ['bus'],
    summary:
      "A bus message's handler threw an error that is not a relaymesh error (a bug or a library error): retried, then dead-lettered with this code.",
  },
  // store
  ILLEGAL_TRANSITION: {
    sources: ['store'],
    summary: 'A state change the state machine forbids: a bug or a lost race; do not retry blindly.',
  },
  INVALID_INPUT: { sources: ['store'], summary: 'Malformed input (wrong byte length, empty list, mismatched arrays).' },
  NOT_FOUND: { sources: ['store', 'api'], summary: 'The row the operation needs does not exist.' },
  BATCH_CONFLICT: {
    sources: ['store'],
    summary: 'Another batcher took the batch index or some of the messages first; re-read and retry.',
  },
  STATE_INCONSISTENT: {
    sources: ['store'],
    summary: 'Stored rows contradict each other (a journal with a hole): never guess a state from them.',
  },
  DATABASE_UNAVAILABLE: {
    sources: ['store'],
    summary: 'Postgres did not answer within the start-up wait: a restart of the service may find it up.',
  },
  DATABASE_REFUSED: {
    sources: ['store'],
    summary:
      'Postgres answered and refused the connection (credentials, no such database, TLS): waiting cannot fix it.',
  },
  MIGRATION_FAILED: {
    sources: ['store'],
    summary: 'Applying the migrations failed: the service must not start on an unknown schema.',
  },
  // api
  ROUTE_NOT_FOUND: { sources: ['api'], summary: 'No API route at that path.' },
  METHOD_NOT_ALLOWED: { sources: ['api'], summary: 'The API route does not take that HTTP method.' },
  INVALID_ID: { sources: ['api'], summary: 'A message id that is not 32 bytes of `0x` hex.' },
  INVALID_SOURCE_TX: {
    sources: ['api'],
    summary: 'A source tx hash that is not 32 (EVM) or 64 (Solana signature) bytes of `0x` hex.',
  },
  INVALID_BATCH_KEY: {
    sources: ['api'],
    summary: 'A batch destination that is not a uint32 or an index that is not a uint64, in decimal.',
  },
  INVALID_QUERY: {
    sources: ['api'],
    summary: 'A required query parameter is missing, or a filter or limit is malformed.',
  },
  INVALID_CURSOR: { sources: ['api'], summary: 'A `cursor` that is not one this API handed out.' },
  INVALID_ROUTE: {
    sources: ['api'],
    summary: 'A route that is not `<origin>-<destination>` with uint32 domains in decimal.',
  },
  UNAUTHORIZED: { sources: ['api'], summary: 'An admin route without `Authorization: Bearer <token>`.' },
  FORBIDDEN: { sources: ['api'], summary: 'An admin route with a wrong token.' },
  ADMIN_DISABLED: {
    sources: ['api'],
    summary: 'An admin route on an API started without an admin token: admin is off.',
  },
  NOT_RETRYABLE: {
    sources: ['api'],
    summary: 'Retry of a message that is not `failed` (only failed executions are retried).',
  },
  HEADERS_TOO_LARGE: {
    sources: ['api'],
    summary:
      "A request line and headers over the server's limit (16 KiB): a huge URL or header, refused before routing.",
  },
  BAD_REQUEST: { sources: ['api'], summary: 'Bytes that are not an HTTP request, refused before routing.' },
  RATE_LIMITED: {
    sources: ['api'],
    summary: 'Too many requests from this client address; `Retry-After` says when to come back.',
  },
  CHAINS_NOT_CONFIGURED: { sources: ['api'], summary: '`/v1/relayers` on an API started without chain access.' },
  UNAVAILABLE: {
    sources: ['api'],
    summary: 'Postgres or NATS is not reachable (`/readyz`) or a dependency failed transiently.',
  },
  INTERNAL: {
    sources: ['api'],
    summary: "A bug or an inconsistent database; the details are in the relayer's log, not in the response.",
  },
  API_LISTEN_FAILED: {
    sources: ['api'],
    summary: 'The server could not bind its port: the service must not run without its API.',
  },
  // telemetry
  OTEL_PROTOCOL_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` is not `http/protobuf` or `http/json` (e.g. `grpc`).',
  },
  OTEL_EXPORTER_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_TRACES_EXPORTER` is not `otlp`, `none` or `console`.',
  },
  OTEL_SAMPLER_UNSUPPORTED: {
    sources: ['telemetry'],
    summary: '`OTEL_TRACES_SAMPLER` names no sampler relaymesh knows.',
  },
  OTEL_SAMPLER_ARG_INVALID: { sources: ['telemetry'], summary: '`OTEL_TRACES_SAMPLER_ARG` is not a ratio in [0, 1].' },
  OTEL_ENDPOINT_INVALID: { sources: ['telemetry'], summary: 'An endpoint variable is not a URL.' },
} as const satisfies Record<string, ReasonCodeEntry>

/** A reason code of any stage. */
export type ReasonCode = keyof typeof REASON_CODES

/**
 * The codes one source raises or records.
 *
 * @example
 * type BusErrorCode = ReasonCodeOf<'bus'> // 'BUS_CONNECT_FAILED' | 'BUS_INVALID_NAME' | …
 */
export type ReasonCodeOf<source extends ReasonCodeSource> = {
  [code in ReasonCode]: source extends (typeof REASON_CODES)[code]['sources'][number] ? code : never
}[ReasonCode]

/**
 * True when `code` is a registered reason code.
 *
 * @example
 * isReasonCode('BATCH_SUPERSEDED') // true
 */
export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_CODES, code)
}

/**
 * `code` when it is a registered reason code, else `UNCLASSIFIED_ERROR`: for a code read from outside the process
 * (a dead letter's header) that is stored again; keep the original beside it in the row's details.
 *
 * @example
 * await recordRejections(db, [{ stage: 'dead-letter', reasonCode: toReasonCode(entry.reasonCode), details: entry }])
 */
export function toReasonCode(code: string): ReasonCode {
  return isReasonCode(code) ? code : 'UNCLASSIFIED_ERROR'
}
