import type { Verification } from '@relaymesh/store'
import type { FinalityStatus } from '../finality/FinalityProvider.js'
import type { RelayerErrorCode } from '../RelayerError.js'
import type { RefusedBundle } from './SourceChain.js'

/**
 * What the verifier does with a part from its block's finality: `verify` its receipts (final, by this rule); `retry`
 * later (not final yet, or the finality endpoints disagree: never refused for waiting); `refuse` it whole (the block
 * left the canonical chain: `BLOCK_NOT_CANONICAL`, its messages must never settle).
 */
export type FinalityVerdict =
  | { kind: 'verify'; verification: Verification }
  | { kind: 'retry'; code: RelayerErrorCode; reason: string }
  | { kind: 'refuse'; refused: RefusedBundle }

/**
 * @example
 * decideFinalityVerdict({ status: 'pending', reason: 'head at 90' }) // { kind: 'retry', code: 'BLOCK_NOT_FINAL', ... }
 */
export function decideFinalityVerdict(status: FinalityStatus): FinalityVerdict {
  if (status.status === 'pending')
    return { kind: 'retry', code: status.code ?? 'BLOCK_NOT_FINAL', reason: `block not final: ${status.reason}` }
  if (status.status === 'orphaned')
    return {
      kind: 'refuse',
      refused: { code: 'BLOCK_NOT_CANONICAL', reason: `canonical hash is ${status.canonicalHash}` },
    }
  return { kind: 'verify', verification: status.verification }
}
