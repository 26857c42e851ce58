import { LightClientError } from '../LightClientError.js'
import type { ParliaErrorCode } from './ParliaErrorCode.js'

/**
 * A `LightClientError` with a Parlia code; bigints in `meta` stay bigints
 * (`toJSON` turns them into strings).
 *
 * @example
 * throw parliaError('PARLIA_BAD_SEAL', 'seal does not recover to miner', { number: 1n })
 */
export function parliaError(
  code: ParliaErrorCode,
  message: string,
  meta?: Record<string, unknown>,
  cause?: unknown,
): LightClientError<ParliaErrorCode> {
  return new LightClientError(message, { code, meta, cause })
}
