import type { BusMessage } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import { contextFromHeaders } from '@relaymesh/telemetry'
import type { IncomingBundle } from '../bundle/bundleCodec.js'
import type { BundleSource } from '../bundle/BundleWire.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { keptRootIds } from '../tracing/keptRootIds.js'
import { messageParentContext } from '../tracing/messageParentContext.js'
import { recordKeptMessageRoots } from '../tracing/recordKeptMessageRoots.js'
import { recordSpanError } from '../tracing/recordSpanError.js'
import { persistVerification, rejectBundle, type PersistVerificationReturnType } from './persistVerification.js'
import { recordVerifySpans } from './recordVerifySpans.js'
import type { SourceChain, VerifiedBundle } from './SourceChain.js'

/** The source chains by kind: a part goes to the one its head names. */
export type SourceChains = Record<BundleSource, SourceChain>

/** Destination by message id over the columns; the index is built on first use (most bundles store no root here). */
function destinationLookup(messages: VerifiedBundle['messages']): (id: `0x${string}`) => number | undefined {
  let byId: Map<string, number> | undefined
  return (id) => {
    if (!byId) {
      const hex = Buffer.from(messages.ids.buffer, messages.ids.byteOffset, messages.ids.byteLength).toString('hex')
      byId = new Map()
      for (let i = 0; i < messages.count; i++)
        byId.set(`0x${hex.slice(64 * i, 64 * i + 64)}`, messages.destinations[i] as number) // reason: i < count
    }
    return byId.get(id)
  }
}

/** The traces of a stored bundle: a verify span per message, and the roots this relayer keeps (the trace keeper's). */
async function recordBundleTraces(
  ctx: RelayerContext,
  bundle: VerifiedBundle,
  stored: PersistVerificationReturnType,
  times: { startTime: number; endTime: number },
): Promise<void> {
  recordVerifySpans(ctx.telemetry.tracer, {
    verified: bundle.messages,
    verification: bundle.verification,
    relayerId: ctx.config.relayerId,
    ...times,
    parentOf: (id) => messageParentContext(ctx.telemetry, id),
  })
  const rootIds = await keptRootIds(ctx, {
    inserted: stored.insertedIds,
    known: stored.knownIds,
    origin: bundle.origin,
    blockHash: bundle.block.hash,
  })
  recordKeptMessageRoots(ctx, {
    origin: bundle.origin,
    stored: rootIds,
    destinationOf: destinationLookup(bundle.messages),
    rejected: bundle.refused.map((r) => ({ id: r.messageId ? bytesToHex(r.messageId) : undefined, code: r.code })),
    verification: bundle.verification,
    sentAt: bundle.sentAt,
  })
}

/**
 * Verifies one bundle part of any source with its source chain and stores the outcome the same way for every
 * source: a part refused whole is one rejection per claim (`rejectBundle`); a verified one its messages and its
 * refused claims (`persistVerification`). Returns the verified messages stored per destination.
 */
export async function verifyAndStoreBundle(
  ctx: RelayerContext,
  sources: SourceChains,
  m: BusMessage<IncomingBundle>,
): Promise<Map<number, number>> {
  const { head } = m.data
  const span = ctx.telemetry.tracer.startSpan(
    'relaymesh.verify.bundle',
    {
      attributes: {
        'relaymesh.origin': head.origin,
        'relaymesh.block.number': head.blockNumber.toString(),
        'relaymesh.block.hash': bytesToHex(head.blockHash),
        'relaymesh.messages': head.messageCount,
      },
    },
    m.headers ? contextFromHeaders(m.headers) : undefined,
  )
  try {
    const source = sources[head.source]
    const startTime = Date.now()
    const verdict = await source.verify(m.data)
    if (!verdict.ok) {
      await rejectBundle(ctx.db, { head, ...source.claimsOf(m.data.bytes), ...verdict.refused })
      return new Map()
    }
    const { bundle } = verdict
    const firstDelivery = m.deliveryCount === 1 && m.headers?.get(REOBSERVED_HEADER) !== '1'
    const stored = await persistVerification(ctx.db, { bundle, firstDelivery })
    await recordBundleTraces(ctx, bundle, stored, { startTime, endTime: Date.now() })
    span.setAttributes({ 'relaymesh.verified': bundle.messages.count, 'relaymesh.rejected': stored.rejected })
    return stored.destinations
  } catch (error) {
    recordSpanError(span, error)
    throw error
  } finally {
    span.end()
  }
}
