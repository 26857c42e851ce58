import { isRelaymeshError, toReasonCode, type ReasonCode } from '@relaymesh/errors'

export type VerifyFailureDecision =
  /** The proposal can never be signed: refuse it (rejection rows, ack) with the error's reason code. */
  | { kind: 'refuse'; reasonCode: ReasonCode; details: { message: string } }
  /** Not the proposal's fault (a store or transport failure): throw again, so the bus redelivers it. */
  | { kind: 'rethrow' }

/**
 * The co-signer's answer to an error from a proposal's stateless checks (proposer, root, hash, signature) or from
 * replacing a superseded local batch. An error whose action is `reject` is the proposal's own fault and stays so on
 * every redelivery: refuse it at once. Any other error (`retry`, `fatal`, or not a relaymesh error) is rethrown. The
 * co-sign deadline plays no part here: it bounds only the wait for this relayer's verifier (`decideCosign`).
 *
 * @example
 * decideVerifyFailure(new RelayerError('bad signature', { code: 'BATCH_SIGNATURE_INVALID' }))
 * // { kind: 'refuse', reasonCode: 'BATCH_SIGNATURE_INVALID', details: { message: 'bad signature' } }
 */
export function decideVerifyFailure(error: unknown): VerifyFailureDecision {
  if (isRelaymeshError(error) && error.action === 'reject')
    return { kind: 'refuse', reasonCode: toReasonCode(error.code), details: { message: error.shortMessage } }
  return { kind: 'rethrow' }
}
