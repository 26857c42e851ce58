import { BaseError } from '@relaymesh/errors'

export type LocalchainErrorCode = 'ANVIL_START_FAILED' | 'ANVIL_START_TIMEOUT' | 'DEPLOY_FAILED'

/** A local chain could not be started or prepared; nothing to retry automatically. */
export class LocalchainError extends BaseError<LocalchainErrorCode> {
  override name = 'LocalchainError'
}
