import type { CheckBatchMembersReturnType } from '@relaymesh/store'
import { cosignDeadlinePassed } from './cosignDeadlinePassed.js'

export type CosignOptions = {
  /** How long a co-signer waits, from when it first saw a proposal, for its own verifier to catch up. */
  cosignDeadlineMs: number
  /** Clock difference between relayers tolerated on the proposer's `proposedAt`. */
  maxClockSkewMs: number
}

/** The batch settings' defaults (`batch.cosignDeadlineMs`, `batch.maxClockSkewMs`). */
export const defaultCosignOptions: CosignOptions = { cosignDeadlineMs: 30_000, maxClockSkewMs: 10_000 }

/**
 * What keeps a verified proposal from being signed: the store's failed check of its ids, or its place in the hash
 * chain.
 */
export type CosignBlocker =
  /** `checkBatchMembers` answered `ok: false`. */
  | { kind: 'members'; check: CheckBatchMembersReturnType }
  /** Recording it failed: the previous batch is not recorded here yet, or another batch took the index or some ids. */
  | { kind: 'chain'; code: 'BATCH_CHAIN_MISMATCH' | 'BATCH_CONFLICT' }

/** What the co-signer knows of one proposal that passed its stateless checks. Times in ms. */
export type CosignState = {
  /** This relayer's clock. */
  now: number
  /** The proposer's clock when it proposed. */
  proposedAt: number
  /** This relayer's clock when it first saw the proposal (`now` the first time). */
  firstSeenAt: number
  blocker: CosignBlocker
}

export type CosignDecision =
  /**
   * Not signable yet: retry later (the bus redelivers with backoff). `pending` are the ids to ask about first next
   * time.
   */
  | { kind: 'wait'; cause: string; pending: Uint8Array[]; details: Record<string, unknown> }
  /** Never signable, or its time is up: refused with `reasonCode`, one rejection per offending id. */
  | {
      kind: 'refuse'
      reasonCode: 'BATCH_UNVERIFIED_MESSAGE' | 'BATCH_CHAIN_MISMATCH'
      ids: Uint8Array[]
      details: Record<string, unknown>
    }

/**
 * The co-signer's decision on a proposal it cannot sign yet (DESIGN.md "Batches"; with every id verified and
 * unbatched here and its batch recorded, it signs). An id
 * rejected here, for another destination, in another batch, or listed twice: refuse at once, it never becomes
 * signable. Ids not verified here yet, or a previous batch not recorded yet: wait, until `cosignDeadlineMs` after
 * this relayer first saw the proposal (or `cosignDeadlineMs + maxClockSkewMs` after it was proposed, by the
 * proposer's clock), then refuse. A proposal always ends signed or refused within the deadline, so the proposer's
 * quorum timeout (which is longer) finds every co-signer's answer.
 *
 * @example
 * decideCosign({ now: 5_000, proposedAt: 0, firstSeenAt: 0, blocker: { kind: 'chain', code: 'BATCH_CHAIN_MISMATCH' } })
 * // { kind: 'wait', cause: 'BATCH_CHAIN_MISMATCH', pending: [], details: {} }
 */
export function decideCosign(state: CosignState, options: CosignOptions = defaultCosignOptions): CosignDecision {
  const { blocker } = state
  let waiting: Omit<Extract<CosignDecision, { kind: 'wait' }>, 'kind'>
  if (blocker.kind === 'members') {
    const { check } = blocker
    const final = check.notVerified.filter((m) => m.state !== 'observed')
    if (final.length > 0 || check.duplicates.length > 0)
      return {
        kind: 'refuse',
        reasonCode: 'BATCH_UNVERIFIED_MESSAGE',
        ids: [...final.map((m) => m.id), ...check.duplicates],
        details: { states: final.map((m) => m.state) },
      }
    const pending = [...check.missing, ...check.notVerified.map((m) => m.id)]
    waiting = { cause: 'BATCH_UNVERIFIED_MESSAGE', pending, details: { pending: pending.length } }
  } else {
    waiting = { cause: blocker.code, pending: [], details: {} }
  }
  const { now, proposedAt, firstSeenAt } = state
  if (
    !cosignDeadlinePassed({
      now,
      proposedAt,
      firstSeenAt,
      deadlineMs: options.cosignDeadlineMs,
      maxClockSkewMs: options.maxClockSkewMs,
    })
  )
    return { kind: 'wait', ...waiting }
  const reasonCode = waiting.cause === 'BATCH_UNVERIFIED_MESSAGE' ? 'BATCH_UNVERIFIED_MESSAGE' : 'BATCH_CHAIN_MISMATCH'
  return {
    kind: 'refuse',
    reasonCode,
    ids: waiting.pending,
    details: { ...waiting.details, waitedMs: now - proposedAt },
  }
}
