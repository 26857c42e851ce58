import { publish, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import type { StoreDb } from '@relaymesh/store'
import { contextFromHeaders, type Telemetry } from '@relaymesh/telemetry'
import { verifiedNoticeCodec } from '../bundle/bundleCodec.js'
import { keptRootIds } from '../tracing/keptRootIds.js'
import { messageParentContext } from '../tracing/messageParentContext.js'
import { recordKeptMessageRoots, type TraceKeeperConfig } from '../tracing/recordKeptMessageRoots.js'
import { recordSpanError } from '../tracing/recordSpanError.js'
import { persistVerification, rejectBundle } from './persistVerification.js'
import { recordVerifySpans } from './recordVerifySpans.js'
import type { VerifiedBundle } from './SourceChain.js'
import type { VerifierDeps, VerifierTraces } from './VerifierDeps.js'

export type CreateVerifierDepsParameters = {
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  telemetry: Telemetry
  /** The relayer's id and whether it keeps the message traces' roots. */
  config: TraceKeeperConfig
  clock: { now(): number }
}

/**
 * Destination and stored traceparent by message id over the columns; the index is built on first use (most bundles
 * store no root here).
 */
function messageLookup(messages: VerifiedBundle['messages']): {
  destinationOf: (id: `0x${string}`) => number | undefined
  traceparentOf: (id: `0x${string}`) => string | undefined
} {
  let byId: Map<string, number> | undefined
  const indexOf = (id: string) => {
    if (!byId) {
      const hex = Buffer.from(messages.ids.buffer, messages.ids.byteOffset, messages.ids.byteLength).toString('hex')
      byId = new Map()
      for (let i = 0; i < messages.count; i++) byId.set(`0x${hex.slice(64 * i, 64 * i + 64)}`, i)
    }
    return byId.get(id)
  }
  return {
    destinationOf: (id) => {
      const i = indexOf(id)
      return i === undefined ? undefined : messages.destinations[i]
    },
    traceparentOf: (id) => {
      const i = indexOf(id)
      return i === undefined ? undefined : messages.traceparents[i]
    },
  }
}

/** The verifier's spans and the message roots the trace keeper exports. */
function createVerifierTraces(p: CreateVerifierDepsParameters): VerifierTraces {
  const { telemetry, config } = p
  return {
    async inBundleSpan(m, run) {
      const { head } = m.data
      const attributes = {
        'relaymesh.origin': head.origin,
        'relaymesh.block.number': head.blockNumber.toString(),
        'relaymesh.block.hash': bytesToHex(head.blockHash),
        'relaymesh.messages': head.messageCount,
      }
      const parent = m.headers ? contextFromHeaders(m.headers) : undefined
      const span = telemetry.tracer.startSpan('relaymesh.verify.bundle', { attributes }, parent)
      try {
        return await run(span)
      } catch (error) {
        recordSpanError(span, error)
        throw error
      } finally {
        span.end()
      }
    },
    async recordBundle(bundle, stored, times) {
      recordVerifySpans(telemetry, {
        verified: bundle.messages,
        verification: bundle.verification,
        relayerId: config.relayerId,
        ...times,
        parentOf: (id) => messageParentContext(telemetry, id),
      })
      const rootIds = await keptRootIds(p, {
        inserted: stored.insertedIds,
        known: stored.knownIds,
        origin: bundle.origin,
        blockHash: bundle.block.hash,
      })
      recordKeptMessageRoots(p, {
        origin: bundle.origin,
        stored: rootIds,
        ...messageLookup(bundle.messages),
        rejected: bundle.refused.map((r) => ({ id: r.messageId ? bytesToHex(r.messageId) : undefined, code: r.code })),
        verification: bundle.verification,
        sentAt: bundle.sentAt,
      })
    },
  }
}

/**
 * The verifier's IO on the relayer: Postgres for outcomes, a wake-up per destination on the bus's `verified`
 * subject, OpenTelemetry spans, the relayer's clock.
 *
 * @example
 * const deps = createVerifierDeps({ ...ctx })
 */
export function createVerifierDeps(p: CreateVerifierDepsParameters): VerifierDeps {
  const { db, bus, catalogue } = p
  return {
    store: {
      persistVerification: (q) => persistVerification(db, q),
      rejectBundle: (q) => rejectBundle(db, q),
    },
    notifyVerified: async (notice) => {
      await publish(bus, catalogue.subjects.verified(String(notice.destination)), notice, {
        codec: verifiedNoticeCodec,
      })
    },
    traces: createVerifierTraces(p),
    clock: p.clock,
  }
}
