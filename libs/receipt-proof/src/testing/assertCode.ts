import { ReceiptProofError, type ReceiptProofErrorCode } from '../ReceiptProofError.js'

/** `assert.throws` validator: a ReceiptProofError with `code` and, if given, `meta.reason`. */
export function isReceiptProofError(code: ReceiptProofErrorCode, reason?: string): (error: unknown) => boolean {
  return (error: unknown) => {
    if (!(error instanceof ReceiptProofError)) throw error
    if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`, { cause: error })
    if (reason !== undefined && error.meta.reason !== reason)
      throw new Error(`expected reason ${reason}, got ${String(error.meta.reason)}`, { cause: error })
    if (error.action !== 'reject') throw new Error(`expected action reject, got ${error.action}`)
    return true
  }
}
