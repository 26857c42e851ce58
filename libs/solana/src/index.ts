/**
 * @relaymesh/solana: Solana as a relaymesh source chain.
 *
 * - Outbox memo format (MEMO_FORMAT.md): decode outbox transactions from
 *   `getTransaction` / `getBlock` responses (pure, instruction data only).
 * - Attested slot commitments: committee types, rotation, verification with
 *   `node:crypto` ed25519 (pure, synchronous, worker-thread safe).
 * - Building and sending outbox transactions with `@solana/web3.js` v1: `@relaymesh/solana/web3`. This entry loads no
 *   web3.js (8-10 MiB of a process that only verifies or polls).
 * - A local Solana chain (LiteSVM behind JSON-RPC + WebSocket) for tests and the devnet: `@relaymesh/solana/local`.
 * - Development committee signers (`createDevCommittee`, `signSlotCommitment`,
 *   in `src/devnet/`); verification code never imports them.
 *
 * @example
 * const { messages, rejections } = extractOutboxMessages(tx, {
 *   origin: domains.solanaLocal,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 * verifySlotCommitment(prepareCommittee(committeeForEpoch(schedule, c.epoch)), c, signatures)
 */
export { SolanaSourceError } from './SolanaSourceError.js'
export type { SolanaSourceErrorCode, SolanaSourceErrorParameters } from './SolanaSourceError.js'
export {
  MEMO_PROGRAM_ADDRESS,
  SYSTEM_PROGRAM_ADDRESS,
  OUTBOX_MEMO_PREFIX,
  OUTBOX_MEMO_VERSION,
  OUTBOX_MAX_PAYLOAD_BYTES,
  OUTBOX_MAX_PAYLOAD_BYTES_WITH_COMPUTE_BUDGET,
  SOLANA_MAX_TRANSACTION_BYTES,
} from './constants.js'

// Outbox memo format
export { encodeOutboxMemo } from './outbox/encodeOutboxMemo.js'
export { decodeOutboxMemo } from './outbox/decodeOutboxMemo.js'
export type { DecodeOutboxMemoReturnType } from './outbox/decodeOutboxMemo.js'
export { extractOutboxMessages } from './outbox/extractOutboxMessages.js'
export type {
  ExtractOutboxMessagesParameters,
  ExtractOutboxMessagesReturnType,
  OutboxMessage,
  OutboxRejection,
} from './outbox/extractOutboxMessages.js'
export type {
  SolanaTransactionResponse,
  SolanaTransactionMeta,
  JsonTransaction,
  JsonParsedTransaction,
  JsonParsedInstruction,
} from './outbox/SolanaTransactionResponse.js'
export { decodeWireTransaction } from './wire/decodeWireTransaction.js'
export type { WireTransaction } from './wire/decodeWireTransaction.js'

// Attested slot commitments
export type {
  Committee,
  CommitteeMember,
  CommitteeSchedule,
  SlotCommitment,
  CommitmentSignature,
} from './commitment/SlotCommitment.js'
export { encodeSlotCommitment, SLOT_COMMITMENT_TAG, SLOT_COMMITMENT_BYTES } from './commitment/encodeSlotCommitment.js'
export { decodeSlotCommitment } from './commitment/decodeSlotCommitment.js'
export { prepareCommittee, ed25519PublicKey } from './commitment/prepareCommittee.js'
export type { PreparedCommittee } from './commitment/prepareCommittee.js'
export { verifySlotCommitment } from './commitment/verifySlotCommitment.js'
export { verifyEquivocationProof } from './commitment/verifyEquivocationProof.js'
export type {
  EquivocationProof,
  SignedSlotCommitment,
  VerifyEquivocationProofReturnType,
} from './commitment/verifyEquivocationProof.js'
export type { VerifySlotCommitmentReturnType } from './commitment/verifySlotCommitment.js'
export { verifyMessageInCommitment } from './commitment/verifyMessageInCommitment.js'
export { verifySlotMessages } from './commitment/verifySlotMessages.js'
export { slotMessagesRoot } from './commitment/slotMessagesRoot.js'
export { committeeForEpoch } from './commitment/committeeForEpoch.js'
export { verifyCommittedNonce } from './commitment/verifyCommittedNonce.js'
export { assertCountsChain } from './commitment/assertCountsChain.js'
export type { CommittedRange } from './commitment/assertCountsChain.js'

// Slots: relayer-assigned nonces (MEMO_FORMAT.md "Nonces") and the commitment a member signs
export {
  solanaMessageNonce,
  MAX_MESSAGES_PER_SLOT,
  MAX_MESSAGES_PER_EPOCH,
  EPOCH_MESSAGE_BITS,
} from './slot/solanaMessageNonce.js'
export { extractSlotMessages } from './slot/extractSlotMessages.js'
export type {
  ExtractSlotMessagesParameters,
  ExtractSlotMessagesReturnType,
  SlotMessage,
} from './slot/extractSlotMessages.js'
export { buildSlotCommitment, solanaEpoch, epochStartSlot } from './slot/buildSlotCommitment.js'

// Development committee (devnet only)
export { createDevCommittee, devKeyFromSeed } from './devnet/createDevCommittee.js'
export type { DevCommitteeKey } from './devnet/createDevCommittee.js'
export { signSlotCommitment } from './devnet/signSlotCommitment.js'

// Reading the outbox over JSON-RPC with `fetch`, and its logs subscription over Node's WebSocket. Sending (web3.js)
// is `@relaymesh/solana/web3`; the local chain (tests, devnet) is `@relaymesh/solana/local`: LiteSVM is a development
// dependency.
export { fetchOutboxSlot, httpSolanaRpc } from './rpc/fetchOutboxSlot.js'
export { outboxSlotsBetween } from './rpc/outboxSlotsBetween.js'
export type { OutboxSlotsBetweenParameters } from './rpc/outboxSlotsBetween.js'
export { countEpochMessagesBefore, countMessagesBetween, slotMessageCount } from './rpc/countEpochMessagesBefore.js'
export type {
  CountEpochMessagesBeforeParameters,
  CountMessagesBetweenParameters,
} from './rpc/countEpochMessagesBefore.js'
export type { SolanaRpcFetch } from './rpc/fetchOutboxSlot.js'
export { failoverSolanaRpc, isEndpointFailure } from './rpc/failoverSolanaRpc.js'
export { watchOutboxLogs } from './rpc/watchOutboxLogs.js'
export type { WatchOutboxLogsParameters } from './rpc/watchOutboxLogs.js'
export type { OutboxSlot, OutboxSlotTransaction, SolanaRpcRequest } from './rpc/fetchOutboxSlot.js'
