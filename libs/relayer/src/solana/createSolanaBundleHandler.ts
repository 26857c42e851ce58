import { publish, type BusMessage } from '@relaymesh/bus'
import { isRelaymeshError, toReasonCode, type ReasonCode } from '@relaymesh/errors'
import bs58 from 'bs58'
import { assertCountsChain, type CommittedRange } from '@relaymesh/solana'
import { contextFromHeaders, contextFromTraceparent } from '@relaymesh/telemetry'
import { verifiedNoticeCodec } from '../bundle/bundleCodec.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { messageParentContext } from '../tracing/messageParentContext.js'
import { keptRootIds } from '../tracing/keptRootIds.js'
import { recordKeptMessageRoots } from '../tracing/recordKeptMessageRoots.js'
import { recordSpanError } from '../tracing/recordSpanError.js'
import { createSolanaVerifierPool, type SolanaVerifierPool } from './createSolanaVerifierPool.js'
import { persistSolanaSlot, rejectSolanaSlot } from './persistSolanaSlot.js'
import { splitSolanaMessages, type IncomingSolanaBundle } from './SolanaSlotBundle.js'
import type { SolanaVerifyTask } from './solanaVerifyWorker.js'

/** The verifier's Solana side: routes Solana slot bundles out of a pull and verifies them (attested). */
export type SolanaBundleHandler = {
  /** Handles the pull's Solana bundles, passes the rest to `others`; merges their failures. */
  route<T>(
    messages: BusMessage<T | IncomingSolanaBundle>[],
    others: (rest: BusMessage<T>[]) => Promise<void | ReadonlyMap<BusMessage<T>, unknown>>,
  ): Promise<Map<BusMessage<T | IncomingSolanaBundle>, unknown>>
  close(): Promise<void>
}

function taskOptions(ctx: RelayerContext, origin: number): SolanaVerifyTask['options'] | undefined {
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

/** Verified commitments remembered per Solana origin for `assertCountsChain` (the latest ones; older slots are far behind the watchers). */
const REMEMBERED_RANGES = 1024

/**
 * Checks a verified commitment's message range against the ones this relayer
 * verified before (MEMO_FORMAT.md "Nonces": no overlap within an epoch) and
 * remembers it. Returns the refusal, or null.
 */
function checkCountChain(
  ranges: Map<number, CommittedRange[]>,
  origin: number,
  c: CommittedRange,
): { code: ReasonCode; message: string } | null {
  const known = ranges.get(origin) ?? []
  try {
    assertCountsChain(known, c)
  } catch (error) {
    if (!isRelaymeshError(error)) throw error
    return { code: toReasonCode(error.code), message: error.shortMessage }
  }
  const range = { slot: c.slot, epoch: c.epoch, messagesBefore: c.messagesBefore, messageCount: c.messageCount }
  if (!known.some((k) => k.slot === c.slot)) ranges.set(origin, [...known, range].slice(-REMEMBERED_RANGES))
  return null
}

async function handleSolanaBundle(
  ctx: RelayerContext,
  pool: SolanaVerifierPool,
  ranges: Map<number, CommittedRange[]>,
  m: BusMessage<IncomingSolanaBundle>,
): Promise<Map<number, number>> {
  const { bundle } = m.data
  const span = ctx.telemetry.tracer.startSpan(
    'relaymesh.verify.bundle',
    {
      attributes: {
        'relaymesh.origin': bundle.origin,
        'relaymesh.block.number': bundle.slot,
        'relaymesh.block.hash': bundle.blockhash,
      },
    },
    m.headers ? contextFromHeaders(m.headers) : undefined,
  )
  try {
    const options = taskOptions(ctx, bundle.origin)
    if (!options) {
      await rejectSolanaSlot(ctx.db, bundle, 'UNKNOWN_ROUTE', `Solana origin ${bundle.origin} is not configured`)
      return new Map()
    }
    const outcome = await pool.run({ bundle, options })
    if (!outcome.ok) {
      await rejectSolanaSlot(ctx.db, bundle, outcome.code, outcome.message)
      return new Map()
    }
    const overlap = checkCountChain(ranges, bundle.origin, bundle.commitment)
    if (overlap) {
      await rejectSolanaSlot(ctx.db, bundle, overlap.code, overlap.message)
      return new Map()
    }
    const { destinations, inserted, known } = await persistSolanaSlot(ctx.db, {
      bundle,
      result: outcome.result,
      firstDelivery: m.deliveryCount === 1,
    })
    for (const v of outcome.result.verified) {
      const traceparent = bundle.traceparents[v.id]
      ctx.telemetry.tracer
        .startSpan(
          'relaymesh.verify',
          {
            attributes: {
              'relaymesh.message.id': v.id,
              'relaymesh.verification': 'attested',
              'relaymesh.relayer': ctx.config.relayerId,
            },
          },
          traceparent ? contextFromTraceparent(traceparent) : messageParentContext(ctx.telemetry, v.id),
        )
        .end()
    }
    const destinationOf = new Map(outcome.result.verified.map((v) => [v.id.toLowerCase(), v.destination]))
    const stored = await keptRootIds(ctx, {
      inserted,
      known,
      origin: bundle.origin,
      blockHash: bs58.decode(bundle.blockhash),
    })
    recordKeptMessageRoots(ctx, {
      origin: bundle.origin,
      stored,
      destinationOf: (id) => destinationOf.get(id),
      rejected: outcome.result.rejected.map((r) => ({ id: r.id ?? undefined, code: r.code })),
      // The slot's block time when the watcher had one (an RPC may answer null): the root is then the same on a re-sync.
      verification: 'attested',
      sentAt: bundle.blockTime === undefined ? bundle.observedAt : bundle.blockTime * 1000,
    })
    span.setAttributes({
      'relaymesh.verified': outcome.result.verified.length,
      'relaymesh.rejected': outcome.result.rejected.length,
    })
    return destinations
  } catch (error) {
    recordSpanError(span, error)
    throw error
  } finally {
    span.end()
  }
}

/**
 * Builds the Solana side of `startVerifier` (one hook there): its own worker
 * pool, and per pull the Solana bundles verified, stored and announced to the
 * batchers (one wake-up per destination), the other bundles left to the EVM path.
 */
export function createSolanaBundleHandler(ctx: RelayerContext, p: { threads: number }): SolanaBundleHandler {
  const pool = createSolanaVerifierPool({ threads: ctx.config.solana.length > 0 ? p.threads : 0 })
  const ranges = new Map<number, CommittedRange[]>()
  return {
    async route(messages, others) {
      const { solana, rest } = splitSolanaMessages(messages)
      const failures = new Map<BusMessage<unknown>, unknown>()
      const notices = new Map<number, number>()
      const evm = rest.length > 0 ? others(rest) : Promise.resolve(undefined)
      await Promise.all(
        solana.map(async (m) => {
          try {
            for (const [d, n] of await handleSolanaBundle(ctx, pool, ranges, m))
              notices.set(d, (notices.get(d) ?? 0) + n)
          } catch (error) {
            failures.set(m, error)
          }
        }),
      )
      for (const [destination, count] of notices) {
        await publish(
          ctx.bus,
          ctx.catalogue.subjects.verified(String(destination)),
          { destination, count },
          { codec: verifiedNoticeCodec },
        )
      }
      for (const [m, error] of (await evm) ?? []) failures.set(m, error)
      return failures as Map<BusMessage<never>, unknown> // reason: keys are the caller's own messages
    },
    close: () => pool.close(),
  }
}
