import type { ErrorAction, ReasonCodeOf } from '@relaymesh/errors'

/**
 * Reason codes of the BSC (Parlia) light client, part of the shared `LightClientErrorCode` union; its codes and their
 * meaning are in `REASON_CODES` (@relaymesh/errors).
 */
export type ParliaErrorCode = ReasonCodeOf<'parlia'>

/**
 * Actions that differ from the default `reject`: an unknown validator set
 * is missing data, not bad data, so the same header may verify once the
 * epoch block has been fed and finalized.
 *
 * @example
 * parliaErrorActions.PARLIA_UNKNOWN_VALIDATOR_SET // 'retry'
 */
export const parliaErrorActions: Partial<Record<ParliaErrorCode, ErrorAction>> = {
  PARLIA_UNKNOWN_VALIDATOR_SET: 'retry',
}
