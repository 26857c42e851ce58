import bs58 from 'bs58'
import { z } from 'zod'
import { RelayerError } from '../RelayerError.js'

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes')

/**
 * What a committee's operators agree on, in one file (`relaymesh committee <plan.json>`): the attesters (id, ed25519
 * public key, URL the relayers reach it at), the relayers that collect signatures, and the stakes per epoch range.
 */
export const committeePlanSchema = z.object({
  attesters: z.array(z.object({ id, pubkey: z.string(), url: z.string().url() })).min(1),
  relayers: z.array(id).min(1),
  /** Ascending `fromEpoch`; each entry holds from its epoch until the next entry's. Stakes by attester id. */
  schedule: z
    .array(z.object({ fromEpoch: z.number().int().min(0), stakes: z.record(z.string(), z.coerce.bigint().positive()) }))
    .min(1),
})

export type CommitteePlan = z.infer<typeof committeePlanSchema>

/** The schedule as relayer and attester configs take it (stakes as decimal strings). */
export type ScheduleJson = { fromEpoch: number; members: { pubkey: string; stake: string }[] }[]

export type CommitteeDistribution = {
  schedule: ScheduleJson
  /** Each relayer's `solana[].committee` entry: the schedule, every attester's URL and its own bearer token. */
  relayers: Record<string, { committee: { schedule: ScheduleJson; signerUrls: string[]; signerToken: string } }>
  /** Each attester's `committee` entry and its `RELAYMESH_ATTESTER_TOKENS_FILE` content (every relayer's token). */
  attesters: Record<string, { committee: { schedule: ScheduleJson }; tokensFile: string }>
  /** Every relayer's token (kept for the next run, so tokens change only when asked). */
  tokens: Record<string, string>
  /** Legal but risky: a member that can stall the committee alone, or sign for it alone. */
  warnings: string[]
}

function invalid(problems: string[]): RelayerError {
  return new RelayerError(`Invalid committee plan: ${problems.join('; ')}`, {
    code: 'CONFIG_INVALID',
    action: 'fatal',
    meta: { problems },
  })
}

function isEd25519Key(pubkey: string): boolean {
  try {
    return bs58.decode(pubkey).length === 32
  } catch {
    return false
  }
}

/** Every problem of a plan's attesters and schedule (empty when it is sound). */
function planProblems(plan: CommitteePlan): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  const keys = new Set<string>()
  for (const a of plan.attesters) {
    if (ids.has(a.id)) problems.push(`attester ${a.id} is listed twice`)
    if (keys.has(a.pubkey)) problems.push(`attester ${a.id}'s public key is another attester's too`)
    if (!isEd25519Key(a.pubkey)) problems.push(`attester ${a.id}: ${a.pubkey} is not a base58 ed25519 public key`)
    ids.add(a.id)
    keys.add(a.pubkey)
  }
  if (new Set(plan.relayers).size !== plan.relayers.length) problems.push('a relayer is listed twice')
  plan.schedule.forEach((entry, i) => {
    const previous = plan.schedule[i - 1]
    if (previous && entry.fromEpoch <= previous.fromEpoch)
      problems.push(`schedule: epoch ${entry.fromEpoch} follows ${previous.fromEpoch} (ascending fromEpoch)`)
    const members = Object.keys(entry.stakes)
    if (members.length === 0) problems.push(`schedule from epoch ${entry.fromEpoch}: no member`)
    for (const m of members)
      if (!ids.has(m)) problems.push(`schedule from epoch ${entry.fromEpoch}: ${m} is not a listed attester`)
  })
  return problems
}

/**
 * Members whose stake alone stalls (more than 1/3: the rest cannot exceed 2/3) or signs (more than 2/3) for the
 * committee.
 */
function stakeWarnings(plan: CommitteePlan): string[] {
  return plan.schedule.flatMap((entry) => {
    const total = Object.values(entry.stakes).reduce((a, b) => a + b, 0n)
    return Object.entries(entry.stakes).flatMap(([m, stake]) => {
      if (stake * 3n > total * 2n)
        return [
          `from epoch ${entry.fromEpoch}: ${m} holds more than 2/3 of the stake and signs for the committee alone`,
        ]
      if (stake * 3n >= total)
        return [
          `from epoch ${entry.fromEpoch}: ${m} holds at least 1/3 of the stake; without it the others cannot ` +
            `reach more than 2/3`,
        ]
      return []
    })
  })
}

/**
 * Turns a committee plan into what each party mounts: the schedule (membership, stakes, rotation per
 * epoch), each relayer's `solana[].committee` entry with its own bearer token, and each attester's `committee`
 * entry and tokens file. Tokens already issued (`tokens`) are kept; a relayer without one gets `newToken()`. Pure
 * but for `newToken`.
 *
 * @throws RelayerError `CONFIG_INVALID` (fatal) listing every problem: duplicate or malformed keys, a schedule out
 * of order, a stake for an attester not listed.
 * @example
 * const out = buildCommitteeDistribution(plan, { tokens: {}, newToken: () => randomBytes(32).toString('base64url') })
 * out.relayers.r1.committee // { schedule, signerUrls, signerToken } for r1's solana[] entry
 */
export function buildCommitteeDistribution(
  plan: CommitteePlan,
  p: { tokens: Readonly<Record<string, string>>; newToken: () => string },
): CommitteeDistribution {
  const problems = planProblems(plan)
  if (problems.length > 0) throw invalid(problems)
  const pubkeyOf = new Map(plan.attesters.map((a) => [a.id, a.pubkey]))
  const schedule: ScheduleJson = plan.schedule.map((entry) => ({
    fromEpoch: entry.fromEpoch,
    members: Object.entries(entry.stakes).map(([m, stake]) => ({
      pubkey: pubkeyOf.get(m) ?? m,
      stake: stake.toString(),
    })),
  }))
  const tokens = Object.fromEntries(plan.relayers.map((r) => [r, p.tokens[r] ?? p.newToken()]))
  for (const [r, token] of Object.entries(tokens)) {
    if (token.length < 16 || /\s/.test(token)) throw invalid([`relayer ${r}'s token: 16+ characters without spaces`])
  }
  const signerUrls = plan.attesters.map((a) => a.url)
  const tokensFile = `${plan.relayers.map((r) => tokens[r]).join('\n')}\n`
  return {
    schedule,
    relayers: Object.fromEntries(
      plan.relayers.map((r) => [r, { committee: { schedule, signerUrls, signerToken: tokens[r] ?? '' } }]),
    ),
    attesters: Object.fromEntries(plan.attesters.map((a) => [a.id, { committee: { schedule }, tokensFile }])),
    tokens,
    warnings: [
      ...stakeWarnings(plan),
      ...plan.attesters
        .filter((a) => !plan.schedule.some((e) => a.id in e.stakes))
        .map((a) => `attester ${a.id} sits on no committee of the schedule (it would refuse to start)`),
    ],
  }
}
