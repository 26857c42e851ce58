/**
 * SPL Memo v2: deployed at the same address on mainnet-beta, testnet, devnet
 * and preloaded by LiteSVM, so the outbox needs no program of its own.
 *
 * @example
 * instruction.programAddress === MEMO_PROGRAM_ADDRESS
 */
export const MEMO_PROGRAM_ADDRESS = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr'

/**
 * The System program (fee transfers).
 *
 * @example
 * instruction.programAddress === SYSTEM_PROGRAM_ADDRESS
 */
export const SYSTEM_PROGRAM_ADDRESS = '11111111111111111111111111111111'

/**
 * Memo text prefix of an outbox message (MEMO_FORMAT.md): `relaymesh:` then the
 * format version, then `:`, then base64 of the encoded message.
 *
 * @example
 * memoText.startsWith(OUTBOX_MEMO_PREFIX)
 */
export const OUTBOX_MEMO_PREFIX = 'relaymesh:'

/**
 * The one memo format version this lib writes and reads.
 *
 * @example
 * `${OUTBOX_MEMO_PREFIX}${OUTBOX_MEMO_VERSION}:` // 'relaymesh:v1:'
 */
export const OUTBOX_MEMO_VERSION = 'v1'

/**
 * Largest Solana transaction on the wire (packet data size), every cluster.
 *
 * @example
 * wireBytes.length <= SOLANA_MAX_TRANSACTION_BYTES
 */
export const SOLANA_MAX_TRANSACTION_BYTES = 1232

/**
 * Largest message payload an outbox transaction of the minimal shape (sender
 * pays the fee, one transfer, one memo, no compute-budget instructions) can
 * carry inside `SOLANA_MAX_TRANSACTION_BYTES` (derivation in MEMO_FORMAT.md).
 *
 * @example
 * if (payload.length > OUTBOX_MAX_PAYLOAD_BYTES) throw new Error('split the payload')
 */
export const OUTBOX_MAX_PAYLOAD_BYTES = 638

/**
 * Largest payload when the transaction also carries ComputeBudget
 * `SetComputeUnitLimit` and `SetComputeUnitPrice` (priority fees on mainnet).
 *
 * @example
 * const max = withPriorityFee ? OUTBOX_MAX_PAYLOAD_BYTES_WITH_COMPUTE_BUDGET : OUTBOX_MAX_PAYLOAD_BYTES
 */
export const OUTBOX_MAX_PAYLOAD_BYTES_WITH_COMPUTE_BUDGET = 599
