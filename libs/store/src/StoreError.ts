import { BaseError, type ErrorAction } from '@relaymesh/errors'

/** Every code `@relaymesh/store` throws, with what the caller should do about it. */
export const STORE_ERROR_ACTIONS = {
  /** A state change the state machine forbids: a bug or a lost race; do not retry blindly. */
  ILLEGAL_TRANSITION: 'reject',
  /** Malformed input (wrong byte length, empty list, mismatched arrays). */
  INVALID_INPUT: 'reject',
  /** The row the operation needs does not exist. */
  NOT_FOUND: 'reject',
  /** Another batcher took the batch index or some of the messages first; re-read and retry. */
  BATCH_CONFLICT: 'retry',
  /** `previousBatchHash` does not match the stored previous batch: the hash chain would break. */
  BATCH_CHAIN_MISMATCH: 'reject',
  /** Stored rows contradict each other (a journal with a hole): never guess a state from them. */
  STATE_INCONSISTENT: 'fatal',
  /** Postgres did not answer within the start-up wait: a restart of the service may find it up. */
  DATABASE_UNAVAILABLE: 'retry',
  /** Postgres answered and refused the connection (credentials, no such database, TLS): waiting cannot fix it. */
  DATABASE_REFUSED: 'fatal',
  /** Applying the migrations failed: the service must not start on an unknown schema. */
  MIGRATION_FAILED: 'fatal',
} as const satisfies Record<string, ErrorAction>

export type StoreErrorCode = keyof typeof STORE_ERROR_ACTIONS

export type StoreErrorParameters = {
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

/**
 * The error of `@relaymesh/store`; `action` follows from `code`.
 *
 * @example
 * throw new StoreError('ILLEGAL_TRANSITION', 'message cannot move from executed to batched', { meta: { from, to } })
 */
export class StoreError extends BaseError<StoreErrorCode> {
  override name = 'StoreError'

  constructor(code: StoreErrorCode, shortMessage: string, parameters: StoreErrorParameters = {}) {
    super(shortMessage, { code, action: STORE_ERROR_ACTIONS[code], ...parameters })
  }
}
