import type { Hex } from 'viem'
import type { FinalityStatus } from './FinalityProvider.js'

export type JudgeConfirmedBlockParameters = {
  /** The source block asked about, already buried under the confirmations the chain requires. */
  hash: Hex
  /** The hash each endpoint that answered names at the block's height, in the operator's order. */
  answers: readonly Hex[]
  /** How many endpoints must answer: two when two or more are configured, else the one. */
  needed: number
}

/**
 * Confirmations finality's verdict on a buried block from what the relayer's own endpoints name at its height. With
 * one endpoint its word is all there is; with more, two must answer, and agree: a block both name is final, a height
 * where they all name another block was reorganised (`orphaned`), and endpoints naming different blocks are
 * `pending` with `FINALITY_ENDPOINTS_DISAGREE` (one lies or serves its own fork, and which one cannot be told here: the
 * block is retried, never refused or declared final on one endpoint's word). Too few answers is `pending` too.
 *
 * @example
 * judgeConfirmedBlock({ hash, answers: [hash, other], needed: 2 })
 * // { status: 'pending', code: 'FINALITY_ENDPOINTS_DISAGREE', reason: '...' }
 */
export function judgeConfirmedBlock(p: JudgeConfirmedBlockParameters): FinalityStatus {
  if (p.answers.length < p.needed)
    return {
      status: 'pending',
      reason: `${p.answers.length} of the ${p.needed} RPC endpoints needed named a block at this height`,
    }
  const named = [...new Set(p.answers.map((h) => h.toLowerCase()))]
  if (named.length > 1)
    return {
      status: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
      reason: `RPC endpoints name different blocks at this height: ${named.join(', ')}`,
    }
  const [canonical] = p.answers
  if (canonical?.toLowerCase() !== p.hash.toLowerCase()) return { status: 'orphaned', canonicalHash: canonical }
  return { status: 'final', verification: 'confirmations' }
}
