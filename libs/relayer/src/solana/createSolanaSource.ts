import { isRelaymeshError, toReasonCode, type ReasonCode } from '@relaymesh/errors'
import { assertCountsChain, type CommittedRange } from '@relaymesh/solana'
import { decodeSolanaSlotWire } from '../bundle/decodeSolanaSlotWire.js'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import type { SourceChain } from '../verifier/SourceChain.js'
import type { VerifierPool } from '../verifier/createVerifierPool.js'
import type { SolanaVerifyTask } from './solanaVerifyWorker.js'

/** What of the relayer's config the Solana source reads: its Solana chains, the destinations, the payload limit. */
type SolanaSourceConfig = { config: Pick<RelayerConfig, 'solana' | 'chains' | 'maxPayloadBytes'> }

function taskOptions(ctx: SolanaSourceConfig, origin: number): SolanaVerifyTask['options'] | undefined {
  const chain = ctx.config.solana.find((c) => c.domain === origin)
  if (!chain) return undefined
  return {
    domain: chain.domain,
    feeAccount: chain.feeAccount,
    minFeeLamports: chain.minFee,
    slotsPerEpoch: chain.slotsPerEpoch,
    schedule: chain.committee.schedule,
    destinations: ctx.config.chains.map((c) => c.domain),
    maxPayloadBytes: ctx.config.maxPayloadBytes,
  }
}

/**
 * Verified commitments remembered per Solana origin for `assertCountsChain` (the latest ones; older slots are far
 * behind the watchers).
 */
const REMEMBERED_RANGES = 1024

/**
 * Checks a verified commitment's message range against the ones this relayer verified before (MEMO_FORMAT.md
 * "Nonces": no overlap within an epoch) and remembers it. Returns the refusal, or null.
 */
function checkCountChain(
  ranges: Map<number, CommittedRange[]>,
  origin: number,
  c: CommittedRange,
): { code: ReasonCode; reason: string } | null {
  const known = ranges.get(origin) ?? []
  try {
    assertCountsChain(known, c)
  } catch (error) {
    if (!isRelaymeshError(error)) throw error
    return { code: toReasonCode(error.code), reason: error.shortMessage }
  }
  const range = { slot: c.slot, epoch: c.epoch, messagesBefore: c.messagesBefore, messageCount: c.messageCount }
  if (!known.some((k) => k.slot === c.slot)) ranges.set(origin, [...known, range].slice(-REMEMBERED_RANGES))
  return null
}

/**
 * The Solana source chains (attested, BRIEF "Solana source: attested"): a slot part is verified in the worker pool
 * (`verifySolanaSlot`: the committee's signatures, the messages re-extracted under the committed root; the pool is the
 * caller's to close), then its signed message range must not overlap one this relayer verified before
 * (`COMMITMENT_COUNT_OVERLAP`).
 *
 * @example
 * const solana = createSolanaSource(ctx, { pool: createVerifierPool({ threads: 2 }) })
 */
export function createSolanaSource(ctx: SolanaSourceConfig, p: { pool: VerifierPool }): SourceChain {
  const ranges = new Map<number, CommittedRange[]>()
  return {
    async verify({ head, bytes }) {
      const options = taskOptions(ctx, head.origin)
      if (!options)
        return {
          ok: false,
          refused: { code: 'UNKNOWN_ROUTE', reason: `Solana origin ${head.origin} is not configured` },
        }
      const outcome = await p.pool.verifySolana({ wire: bytes, options })
      if (!outcome.ok) return { ok: false, refused: { code: outcome.code, reason: outcome.message } }
      const overlap = checkCountChain(ranges, head.origin, outcome.range)
      if (overlap) return { ok: false, refused: overlap }
      return { ok: true, bundle: outcome.bundle }
    },
    claimsOf(bytes) {
      const wire = decodeSolanaSlotWire(bytes)
      const claims = wire.claims.map((c) => ({ messageId: c.messageId, details: {} }))
      return { claims, where: { slot: Number(wire.blockNumber), transactions: wire.transactions.length } }
    },
  }
}
