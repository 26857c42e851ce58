import { BaseError, type ErrorAction } from '@relaymesh/errors'

/**
 * Reason codes of the relayer pipeline. Each one is stored with the message
 * (or bundle) it rejected and is visible through the API.
 */
export type RelayerErrorCode =
  | 'BUNDLE_MALFORMED'
  | 'HEADER_HASH_MISMATCH'
  | 'BLOCK_NOT_FINAL'
  | 'BLOCK_NOT_CANONICAL'
  | 'RECEIPT_PROOF_INVALID'
  | 'LOG_NOT_FOUND'
  | 'WRONG_OUTBOX'
  | 'NOT_DISPATCH_EVENT'
  | 'MESSAGE_MALFORMED'
  | 'MESSAGE_ID_MISMATCH'
  | 'WRONG_ORIGIN'
  | 'UNKNOWN_ROUTE'
  | 'PAYLOAD_TOO_LARGE'
  // Watcher: one receipt whose proof alone does not fit a bus message (its messages are rejected, the chain goes on)
  | 'RECEIPT_TOO_LARGE'
  | 'REPLAYED_MESSAGE'
  | 'BATCH_UNVERIFIED_MESSAGE'
  | 'BATCH_CHAIN_MISMATCH'
  | 'BATCH_ROOT_MISMATCH'
  | 'BATCH_SIGNATURE_INVALID'
  | 'TX_REVERTED'
  | 'RPC_UNAVAILABLE'
  /** The settler account cannot pay for a tx (gas x fee + value above its balance): nothing is sent until it is funded. */
  | 'SETTLER_FUNDS_LOW'
  | 'CONFIG_INVALID'
  // Keys (issue 12 §3): a service without a key was asked to sign; another live process signs with this key and chain
  | 'KEY_NOT_LOADED'
  | 'SIGNER_LEASE_HELD'
  // Solana attester (issue 12 §1): asked to sign a second, different commitment for a slot it signed
  | 'ATTESTER_EQUIVOCATION_REFUSED'
  // Batches (batcher, co-signer, settler, inbox follower)
  | 'BATCH_WRONG_PROPOSER'
  | 'BATCH_PENDING_VERIFICATION'
  | 'BATCH_SUPERSEDED'
  | 'BATCH_QUORUM_TIMEOUT'
  | 'BATCH_HASH_MISMATCH'
  | 'TX_NONCE_CONFLICT'
  // Settler: a persisted tx above nonces nothing will fill (the node lost them), booked failed so later txs are not stuck behind it
  | 'TX_NONCE_GAP'
  | 'MESSAGE_EXECUTION_FAILED'
  // Settler: a message singled out of its execute chunk (findExecutableChunk), recorded failed
  | 'EXECUTE_GAS_UNAFFORDABLE'
  | 'EXECUTE_REVERTED'
  | 'STOPPING'

export class RelayerError extends BaseError<RelayerErrorCode> {
  override name = 'RelayerError'
  constructor(
    shortMessage: string,
    parameters: { code: RelayerErrorCode; action?: ErrorAction; meta?: Record<string, unknown>; cause?: unknown; details?: string },
  ) {
    super(shortMessage, { action: 'reject', ...parameters })
  }
}
