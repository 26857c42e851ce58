import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildCommitteeDistribution, committeePlanSchema } from '@relaymesh/relayer'
import { UsageError } from './operatorArgs.js'

const USAGE = 'relaymesh committee <plan.json> --out <dir>'

/** The tokens a previous run issued: `{ "<relayer id>": "<token>" }`. */
function readTokens(file: string): Record<string, string> {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof json !== 'object' || json === null || Object.values(json).some((t) => typeof t !== 'string'))
    throw new UsageError(`${file}: expected { "<relayer id>": "<token>" }`)
  return json as Record<string, string> // reason: checked just above
}

/**
 * `relaymesh committee <plan.json> --out <dir>`: checks a committee plan (attesters' public keys and URLs, the
 * relayers, stakes per epoch range) and writes what each party mounts: `schedule.json`, `relayer-<id>.committee.json`
 * (the `committee` entry of the relayer's `solana[]` source, with its token), `attester-<id>.committee.json` (the
 * attester config's `committee`) and `attester-<id>.tokens` (its `RELAYMESH_ATTESTER_TOKENS_FILE`). Tokens are kept in
 * `<dir>/tokens.json` and reused by the next run: a new relayer gets a token, the others keep theirs. Token files are
 * written 0600; no token is printed.
 */
export function committeeCommand(argv: string[]): void {
  const outAt = argv.indexOf('--out')
  const out = outAt >= 0 ? argv[outAt + 1] : undefined
  const planFile = argv.find((a, i) => !a.startsWith('--') && i !== outAt + 1)
  if (!planFile || !out) throw new UsageError(`expected ${USAGE}`)
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(planFile, 'utf8'))
  } catch (cause) {
    throw new UsageError(
      `${planFile}: not a readable JSON file (${cause instanceof Error ? cause.message : String(cause)})`,
    )
  }
  const parsed = committeePlanSchema.safeParse(raw)
  if (!parsed.success)
    throw new UsageError(
      `${planFile}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    )
  const tokensFile = join(out, 'tokens.json')
  const tokens = existsSync(tokensFile) ? readTokens(tokensFile) : {}
  const built = buildCommitteeDistribution(parsed.data, {
    tokens,
    newToken: () => randomBytes(32).toString('base64url'),
  })
  mkdirSync(out, { recursive: true })
  const write = (name: string, text: string, secret = false) =>
    writeFileSync(join(out, name), text, { mode: secret ? 0o600 : 0o644 })
  write('schedule.json', `${JSON.stringify(built.schedule, null, 2)}\n`)
  write('tokens.json', `${JSON.stringify(built.tokens, null, 2)}\n`, true)
  for (const [relayer, fragment] of Object.entries(built.relayers))
    write(`relayer-${relayer}.committee.json`, `${JSON.stringify(fragment.committee, null, 2)}\n`, true)
  for (const [attester, a] of Object.entries(built.attesters)) {
    write(`attester-${attester}.committee.json`, `${JSON.stringify(a.committee, null, 2)}\n`)
    write(`attester-${attester}.tokens`, a.tokensFile, true)
  }
  const issued = Object.keys(built.tokens).filter((r) => !(r in tokens))
  console.log(
    `committee: ${built.schedule.length} schedule entries, ${Object.keys(built.attesters).length} ` +
      `attesters, ${Object.keys(built.relayers).length} relayers; files in ${out}`,
  )
  if (issued.length > 0)
    console.log(`new tokens for: ${issued.join(', ')} (restart the attesters with the new tokens files)`)
  for (const w of built.warnings) console.log(`warning: ${w}`)
}
