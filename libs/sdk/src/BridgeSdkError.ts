import { BaseError, type ErrorAction } from '@relaymesh/errors'

/**
 * Every code a `BridgeSdkError` can carry. Each action documents the subset it
 * throws as its `XErrorType`.
 *
 * @example
 * const code: BridgeSdkErrorCode = 'WAIT_TIMEOUT'
 */
export type BridgeSdkErrorCode =
  /** The relayer API did not answer (network, timeout): retry. */
  | 'API_UNREACHABLE'
  /** The relayer API answered something that is not the documented JSON: retry or report. */
  | 'API_BAD_RESPONSE'
  /** The relayer API refused the request; `meta.apiCode` and `meta.status` say why. */
  | 'API_ERROR'
  | 'MESSAGE_NOT_FOUND'
  | 'BATCH_NOT_FOUND'
  /** The message was rejected by the relayers and will never settle; `meta.reasonCode` says why. */
  | 'MESSAGE_REJECTED'
  /** The domain is not among the client's `chains`. */
  | 'CHAIN_NOT_CONFIGURED'
  /** `sendToken` on a chain whose config has no `token`. */
  | 'TOKEN_NOT_CONFIGURED'
  /** The wallet client is on another chain than the action needs. */
  | 'WRONG_CHAIN'
  /** Neither the parameters nor the wallet client name an account. */
  | 'ACCOUNT_MISSING'
  /** A recipient or sender is neither a 20-byte address nor 32 bytes. */
  | 'INVALID_ADDRESS'
  /** The transaction was mined but reverted. */
  | 'TX_REVERTED'
  /** The transaction succeeded but holds no `Dispatch` log of the configured Outbox. */
  | 'DISPATCH_NOT_FOUND'
  | 'WAIT_TIMEOUT'
  | 'WAIT_ABORTED'
  /** The message is not (yet) in a settled batch, so it cannot be executed or receipted. */
  | 'NOT_SETTLED'
  /** The API holds the batch but could not build the proof (`meta.proofError`). */
  | 'PROOF_UNAVAILABLE'
  /** The proof the API served does not verify locally; nothing was sent. */
  | 'PROOF_INVALID'
  /** The message has already executed on the destination chain. */
  | 'ALREADY_EXECUTED'
  /** The message has not executed yet, so there is no settlement receipt. */
  | 'NOT_EXECUTED'
  /** The destination transaction the API named holds no matching `MessageExecuted` / `BatchSubmitted` log. */
  | 'EXECUTION_NOT_FOUND'
  | 'SETTLEMENT_NOT_FOUND'

/**
 * An SDK failure: a stable `code`, what to do about it (`action`), typed
 * `meta`, and the underlying `cause`. Serialisable with `toJSON()`.
 *
 * @example
 * try {
 *   await waitForMessage(client, { id, timeoutMs: 60_000 })
 * } catch (error) {
 *   if (error instanceof BridgeSdkError && error.code === 'WAIT_TIMEOUT') console.log(error.meta.lastState)
 * }
 */
export class BridgeSdkError<code extends BridgeSdkErrorCode = BridgeSdkErrorCode> extends BaseError<code> {
  override name = 'BridgeSdkError'
  constructor(
    code: code,
    shortMessage: string,
    parameters: { action: ErrorAction; meta?: Record<string, unknown>; cause?: unknown; details?: string },
  ) {
    super(shortMessage, { code, ...parameters })
  }
}
