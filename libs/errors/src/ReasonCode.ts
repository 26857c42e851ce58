import type { ReasonCodeEntry, ReasonCodeSource } from './ReasonCodeEntry.js'
import { RELAYER_REASON_CODES } from './relayerReasonCodes.js'
import { VERIFICATION_REASON_CODES } from './verificationReasonCodes.js'
import { TRANSPORT_REASON_CODES } from './transportReasonCodes.js'
import { SERVICE_REASON_CODES } from './serviceReasonCodes.js'

export type { ReasonCodeEntry, ReasonCodeSource } from './ReasonCodeEntry.js'

/**
 * Every reason code relaymesh records or answers with, in one place: what each stage stores with a rejected
 * message, bundle or batch (relayer, light clients, Solana, recipient, bus, tx, store) and what the API answers.
 * Each lib's error code type is the slice of this registry it raises (`ReasonCodeOf<'bus'>`), and every store
 * function that writes a reason takes a `ReasonCode`, so the compiler refuses a code made up on the spot. The
 * operators' table, deploy/REASON_CODES.md (linked from deploy/README.md), is rendered from this registry by
 * scripts/reasonCodeTable.ts, and test/reasonCodes.test.ts fails when it is stale.
 *
 * The codes are kept in one group per stage (each group's file); a code sits in one group only.
 */
export const REASON_CODES = {
  ...RELAYER_REASON_CODES,
  ...VERIFICATION_REASON_CODES,
  ...TRANSPORT_REASON_CODES,
  ...SERVICE_REASON_CODES,
} as const satisfies Record<string, ReasonCodeEntry>

/** A reason code of any stage. */
export type ReasonCode = keyof typeof REASON_CODES

/**
 * The codes one source raises or records.
 *
 * @example
 * type BusErrorCode = ReasonCodeOf<'bus'> // 'BUS_CONNECT_FAILED' | 'BUS_INVALID_NAME' | …
 */
export type ReasonCodeOf<source extends ReasonCodeSource> = {
  [code in ReasonCode]: source extends (typeof REASON_CODES)[code]['sources'][number] ? code : never
}[ReasonCode]

/**
 * True when `code` is a registered reason code.
 *
 * @example
 * isReasonCode('BATCH_SUPERSEDED') // true
 */
export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_CODES, code)
}

/**
 * `code` when it is a registered reason code, else `UNCLASSIFIED_ERROR`: for a code read from outside the process
 * (a dead letter's header) that is stored again; keep the original beside it in the row's details.
 *
 * @example
 * await recordRejections(db, [{ stage: 'dead-letter', reasonCode: toReasonCode(entry.reasonCode), details: entry }])
 */
export function toReasonCode(code: string): ReasonCode {
  return isReasonCode(code) ? code : 'UNCLASSIFIED_ERROR'
}
