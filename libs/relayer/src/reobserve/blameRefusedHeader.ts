import type { Hex } from 'viem'

export type BlameRefusedHeaderParameters = {
  /** The hash the light client refused at that height. */
  refused: Hex
  /** Each endpoint's answer at the height, by index: the hash it names, or undefined when it did not answer. */
  answers: ReadonlyArray<{ index: number; hash: Hex | undefined }>
}

export type BlameRefusedHeaderReturnType = {
  /** Endpoints serving the refused header while another serves a different one: to demote. */
  liars: number[]
  /** Whether another header was served there, so the headers from that height on are worth feeding again. */
  refeed: boolean
}

/**
 * Who to blame for a header the light client refused as a possible forgery (a seal by a key outside the validator
 * set): the endpoints still serving it, but only when another endpoint serves a different header at that height.
 * When every endpoint that answers serves it, it is the chain's own block (the light client's validator set is behind,
 * say) or every endpoint lies alike: nobody is demoted and nothing is fed again.
 *
 * @example
 * blameRefusedHeader({ refused, answers: [{ index: 0, hash: refused }, { index: 1, hash: other }] })
 * // { liars: [0], refeed: true }
 */
export function blameRefusedHeader(p: BlameRefusedHeaderParameters): BlameRefusedHeaderReturnType {
  const isRefused = (h: Hex) => h.toLowerCase() === p.refused.toLowerCase()
  const refeed = p.answers.some((a) => a.hash !== undefined && !isRefused(a.hash))
  if (!refeed) return { liars: [], refeed }
  return { liars: p.answers.filter((a) => a.hash !== undefined && isRefused(a.hash)).map((a) => a.index), refeed }
}
