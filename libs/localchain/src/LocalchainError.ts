import { BaseError } from '@relaymesh/errors'

export type LocalchainErrorCode = 'ANVIL_START_FAILED' | 'ANVIL_START_TIMEOUT' | 'DEPLOY_FAILED' | 'RECEIPT_TIMEOUT'

/** A local chain could not be started or prepared, or did not answer what a test waits for. */
export class LocalchainError extends BaseError<LocalchainErrorCode> {
  override name = 'LocalchainError'
}
