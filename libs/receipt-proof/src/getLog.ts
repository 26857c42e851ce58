import { decodeReceipt } from './decodeReceipt.js'
import type { Receipt, ReceiptLog } from './Receipt.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type GetLogReturnType = ReceiptLog

/** Accepts receipt bytes (from {@link verifyReceiptProof}) or an already decoded receipt. */
export function toReceipt(receipt: Uint8Array | Receipt): Receipt {
  return receipt instanceof Uint8Array ? decodeReceipt(receipt) : receipt
}

/**
 * The log at `logIndex`, its position within this receipt's logs (not the
 * block-wide `logIndex` of `eth_getLogs`). Does not filter by address: the
 * caller compares `address` with its Outbox and rejects with its own code
 * (the verifier's `WRONG_OUTBOX`). Throws `LOG_NOT_FOUND` past the end.
 *
 * @example
 * const log = getLog(receiptBytes, claim.logIndex)
 * if (log.address !== outbox.toLowerCase()) throw new VerifierError('WRONG_OUTBOX')
 */
export function getLog(receipt: Uint8Array | Receipt, logIndex: number): GetLogReturnType {
  const { logs } = toReceipt(receipt)
  const log = Number.isSafeInteger(logIndex) && logIndex >= 0 ? logs[logIndex] : undefined
  if (log === undefined) {
    throw new ReceiptProofError(`Receipt has no log at index ${logIndex}`, {
      code: 'LOG_NOT_FOUND',
      meta: { logIndex, logCount: logs.length },
    })
  }
  return log
}
