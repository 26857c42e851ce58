import { BaseError, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Every code `@relaymesh/store` throws (meanings in `REASON_CODES`, @relaymesh/errors), with what the caller should do
 * about it.
 */
export const STORE_ERROR_ACTIONS = {
  ILLEGAL_TRANSITION: 'reject',
  INVALID_INPUT: 'reject',
  NOT_FOUND: 'reject',
  BATCH_CONFLICT: 'retry',
  BATCH_CHAIN_MISMATCH: 'reject',
  STATE_INCONSISTENT: 'fatal',
  DATABASE_UNAVAILABLE: 'retry',
  DATABASE_REFUSED: 'fatal',
  MIGRATION_FAILED: 'fatal',
} as const satisfies Record<ReasonCodeOf<'store'>, ErrorAction>

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
