import { isRelaymeshError } from '@relaymesh/errors'

/** How the proposer loop's last seal attempt ended: without an error, or with the error it threw. */
export type SealAttempt = { kind: 'done' } | { kind: 'failed'; error: unknown }

/**
 * Whether the proposer loop publishes its latest `proposed` batch again before its next seal. Only after a publish
 * that was not acknowledged (`BUS_PUBLISH_FAILED`, NATS restarting): the batch is recorded but no co-signer may have
 * seen it, and without a republish the destination waits the whole quorum timeout for the refusal that proposes
 * again. Any other failure happened before or without a publish, so there is nothing to send again.
 *
 * @example
 * const error = new BusError('no ack', { code: 'BUS_PUBLISH_FAILED', action: 'retry' })
 * decideRepublish({ kind: 'failed', error }) // true
 */
export function decideRepublish(attempt: SealAttempt): boolean {
  return attempt.kind === 'failed' && isRelaymeshError(attempt.error, 'BUS_PUBLISH_FAILED')
}
