import { BaseError, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'
import { parliaErrorActions, type ParliaErrorCode } from './bsc/ParliaErrorCode.js'

/**
 * Reason codes of the Ethereum light client (Altair sync protocol, Capella+ headers); its codes and their meaning are
 * in `REASON_CODES` (@relaymesh/errors).
 */
export type EthereumLightClientErrorCode = ReasonCodeOf<'light-client'>

/** Reason codes of the BSC (Parlia) light client: defined in `src/bsc/ParliaErrorCode.ts`. */
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
