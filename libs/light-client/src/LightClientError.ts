import { BaseError, type ErrorAction } from '@relaymesh/errors'
import { parliaErrorActions, type ParliaErrorCode } from './bsc/ParliaErrorCode.js'

/**
 * Reason codes of the Ethereum light client (Altair sync protocol with
 * Capella+ headers). All are `reject` unless listed in
 * {@link lightClientErrorActions}.
 *
 * - `LC_BAD_SIGNATURE`: the sync-committee aggregate does not verify over the attested header.
 * - `LC_INSUFFICIENT_PARTICIPATION`: fewer than MIN_SYNC_COMMITTEE_PARTICIPANTS signed.
 * - `LC_INVALID_FINALITY_BRANCH`: the finalized header is not under the attested state root (or is malformed).
 * - `LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH`: the next committee is not under the attested state root (or differs from the known one).
 * - `LC_INVALID_EXECUTION_BRANCH`: a header's execution payload header is not under its body root (or is set before Capella).
 * - `LC_UNKNOWN_SYNC_COMMITTEE`: the update is signed in a period whose committee the store does not know (skipped or rotated out).
 * - `LC_WRONG_FORK_OR_DOMAIN`: the data's fork does not match the slot's fork, or the chain config cannot name a fork version.
 * - `LC_INVALID_BOOTSTRAP`: the bootstrap does not hash to the trusted root or its committee branch fails.
 * - `LC_STALE_UPDATE`: slots out of order (or signed in the future), or the update is not newer than
 *   the store and brings no next committee (a re-sent or superseded update).
 * - `LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT`: a receipt proof does not hold against the finalized receiptsRoot.
 * - `LC_EXECUTION_BLOCK_CONFLICT`: a different block sits at a finalized height (or an ancestry chain is broken): it can never be final.
 * - `LC_MALFORMED_INPUT`: bytes or JSON that do not decode to the expected type.
 */
export type EthereumLightClientErrorCode =
  | 'LC_BAD_SIGNATURE'
  | 'LC_INSUFFICIENT_PARTICIPATION'
  | 'LC_INVALID_FINALITY_BRANCH'
  | 'LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH'
  | 'LC_INVALID_EXECUTION_BRANCH'
  | 'LC_UNKNOWN_SYNC_COMMITTEE'
  | 'LC_WRONG_FORK_OR_DOMAIN'
  | 'LC_INVALID_BOOTSTRAP'
  | 'LC_STALE_UPDATE'
  | 'LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT'
  | 'LC_EXECUTION_BLOCK_CONFLICT'
  | 'LC_MALFORMED_INPUT'

/** Reason codes of the BSC (Parlia) light client: defined and documented in `src/bsc/ParliaErrorCode.ts`. */
export type BscLightClientErrorCode = ParliaErrorCode

export type LightClientErrorCode = EthereumLightClientErrorCode | BscLightClientErrorCode

/**
 * What a caller does on each code. Every light-client failure is about the
 * input, so `reject` is the default; override per code here if one ever
 * becomes retryable.
 */
export const lightClientErrorActions: Partial<Record<LightClientErrorCode, ErrorAction>> = { ...parliaErrorActions }

export type LightClientErrorParameters<code extends LightClientErrorCode = LightClientErrorCode> = {
  code: code
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

/**
 * The one error of `@relaymesh/light-client` (Ethereum and BSC). `action`
 * comes from {@link lightClientErrorActions} (default `reject`).
 *
 * @example
 * try {
 *   processLightClientUpdate(store, update, currentSlot, genesisValidatorsRoot, context)
 * } catch (error) {
 *   if (error instanceof LightClientError) rejectUpdate(error.code, error.meta)
 *   else throw error
 * }
 */
export class LightClientError<code extends LightClientErrorCode = LightClientErrorCode> extends BaseError<code> {
  override name = 'LightClientError'

  constructor(shortMessage: string, parameters: LightClientErrorParameters<code>) {
    super(shortMessage, { ...parameters, action: lightClientErrorActions[parameters.code] ?? 'reject' })
  }
}
