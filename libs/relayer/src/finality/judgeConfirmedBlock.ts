import type { Hex } from 'viem'
import type { FinalityStatus } from './FinalityProvider.js'

/** What one endpoint names at the block's height, and the parent its block one higher names (when it was read). */
export type EndpointAnswer = { endpoint: string; hash: Hex; childParent?: Hex | undefined }

export type JudgeConfirmedBlockParameters = {
  /** The source block asked about, already buried under the confirmations the chain requires. */
  hash: Hex
  /** What each endpoint that answered names at the block's height, in the operator's order (URLs redacted). */
  answers: readonly EndpointAnswer[]
  /** How many endpoints must answer: two when two or more are configured, else the one. */
  needed: number
}

const same = (a: Hex | undefined, b: Hex) => a?.toLowerCase() === b.toLowerCase()

/**
 * Confirmations finality's verdict on a buried block from what the relayer's own endpoints name at its height. With
 * one endpoint its word is all there is; with more, two must answer. A block all name is final; a height where they
 * all name another block was reorganised (`orphaned`). When they name different blocks, the block wins that two or
 * more endpoints name, each with its block one higher built on it, and more than name any other: the chain's later
 * blocks and a second endpoint agree on it, and a block only one endpoint names is that endpoint's own fork (a
 * consistent liar's forgery hashes and links on its own). Without such a block the verdict is `pending` with
 * `FINALITY_ENDPOINTS_DISAGREE`, naming the endpoints: never final or refused on one endpoint's word.
 *
 * @example
 * judgeConfirmedBlock({ hash, answers: [{ endpoint: 'http://a', hash }, { endpoint: 'http://b', hash: other }], needed: 2 })
 * // { status: 'pending', code: 'FINALITY_ENDPOINTS_DISAGREE', reason: '...' }
 */
export function judgeConfirmedBlock(p: JudgeConfirmedBlockParameters): FinalityStatus {
  if (p.answers.length < p.needed)
    return {
      status: 'pending',
      reason: `${p.answers.length} of the ${p.needed} RPC endpoints needed named a block at this height`,
    }
  const named = new Set(p.answers.map((a) => a.hash.toLowerCase()))
  const canonical = named.size === 1 ? p.answers[0]?.hash : majorityOf(p.answers)
  if (canonical === undefined) {
    const each = p.answers.map((a) => `${a.hash} (${a.endpoint})`).join(', ')
    return {
      status: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
      reason: `RPC endpoints name different blocks at this height: ${each}`,
    }
  }
  if (!same(canonical, p.hash)) return { status: 'orphaned', canonicalHash: canonical }
  return { status: 'final', verification: 'confirmations' }
}

/** The block two or more endpoints name with their next block built on it, and more than name any other. */
function majorityOf(answers: readonly EndpointAnswer[]): Hex | undefined {
  const votes = new Map<string, number>()
  for (const a of answers)
    if (same(a.childParent, a.hash)) votes.set(a.hash.toLowerCase(), (votes.get(a.hash.toLowerCase()) ?? 0) + 1)
  const [first, second] = [...votes].sort((x, y) => y[1] - x[1])
  if (!first || first[1] < 2 || (second && second[1] === first[1])) return undefined
  return first[0] as Hex // reason: a lowercased hash read from an endpoint
}
