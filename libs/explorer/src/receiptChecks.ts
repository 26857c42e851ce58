/**
 * The checks `verifySettlementReceipt` makes, in its order, and the error
 * codes that mean each one failed: the page shows every check as passed,
 * failed or not reached.
 */
export const RECEIPT_CHECKS = [
  {
    label: 'The trusted relayer set is usable (addresses, 1 ≤ threshold ≤ n, chain id)',
    codes: ['RECEIPT_INVALID_TRUSTED_SET'],
  },
  { label: 'Every receipt field has its form', codes: ['RECEIPT_MALFORMED'] },
  {
    label: 'The id is keccak256 of the encoded message, and the decoded fields are its fields',
    codes: ['RECEIPT_ID_MISMATCH', 'RECEIPT_FIELD_MISMATCH'],
  },
  { label: 'Message, batch header and trusted inbox agree on the destination', codes: ['RECEIPT_WRONG_DESTINATION'] },
  { label: 'The batch hash is the EIP-712 hash of the header', codes: ['RECEIPT_BATCH_HASH_MISMATCH'] },
  {
    label: 'At least threshold distinct trusted relayers signed the header',
    codes: [
      'RECEIPT_BAD_SIGNATURE',
      'RECEIPT_UNKNOWN_SIGNER',
      'RECEIPT_DUPLICATE_SIGNER',
      'RECEIPT_INSUFFICIENT_SIGNATURES',
    ],
  },
  { label: 'The Merkle path leads from the id to the batch root', codes: ['RECEIPT_BAD_PROOF'] },
  {
    label: 'The settlement record names this inbox, batch, hash, root and count',
    codes: ['RECEIPT_SETTLEMENT_MISMATCH'],
  },
  {
    label: 'The execution record (MessageExecuted, the id alone) names this inbox and message',
    codes: ['RECEIPT_EXECUTION_MISMATCH'],
  },
] as const

export type ReceiptCheckResult = { label: string; status: 'passed' | 'failed' | 'not reached'; message?: string }

/**
 * Each check's outcome from the result of one `verifySettlementReceipt` call:
 * all passed, or those before the failing one passed and those after not reached.
 *
 * @example
 * receiptCheckResults({ code: 'RECEIPT_BAD_PROOF', message: '…' })[6].status // 'failed'
 */
export function receiptCheckResults(failure: { code: string; message: string } | null): ReceiptCheckResult[] {
  const failed = failure ? RECEIPT_CHECKS.findIndex((c) => (c.codes as readonly string[]).includes(failure.code)) : -1
  const at = failure && failed < 0 ? 1 : failed // an unknown code (a JSON error) is a malformed receipt
  return RECEIPT_CHECKS.map((check, i) => {
    if (!failure || i < at) return { label: check.label, status: 'passed' }
    if (i === at) return { label: check.label, status: 'failed', message: `${failure.code}: ${failure.message}` }
    return { label: check.label, status: 'not reached' }
  })
}
