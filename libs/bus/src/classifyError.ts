import { isRelaymeshError, type ErrorAction } from '@relaymesh/errors'

export type ErrorClassification = { action: ErrorAction; code: string; message: string }

/** Reason code stored for errors that are not relaymesh errors (bugs, library errors). */
export const unclassifiedErrorCode = 'UNCLASSIFIED_ERROR'

/**
 * What to do with a message whose handling threw `error`. Relaymesh errors say
 * it themselves; anything else gets `unknownAction` and the code
 * `UNCLASSIFIED_ERROR`, so it still ends up retried and then dead-lettered
 * with a visible reason instead of vanishing. The message is the error's short
 * message and, when it has them, its details.
 *
 * @example
 * classifyError(new BusError('bad', { code: 'BUS_DECODE_FAILED', action: 'reject' }), 'retry')
 * // { action: 'reject', code: 'BUS_DECODE_FAILED', ... }
 */
export function classifyError(error: unknown, unknownAction: ErrorAction): ErrorClassification {
  if (isRelaymeshError(error)) {
    // The details say which part was wrong: a dead letter's only account of why it was refused.
    const message = error.details ? `${error.shortMessage}: ${error.details}` : error.shortMessage
    return { action: error.action, code: error.code, message }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { action: unknownAction, code: unclassifiedErrorCode, message }
}
