import type { BusMessage } from '@relaymesh/bus'
import type { IncomingBundle } from '../bundle/bundleCodec.js'
import type { BundleSource } from '../bundle/BundleWire.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import { isFirstDelivery } from './isFirstDelivery.js'
import type { SourceChain } from './SourceChain.js'
import type { VerifierDeps } from './VerifierDeps.js'

/** The source chains by kind: a part goes to the one its head names. */
export type SourceChains = Record<BundleSource, SourceChain>

/**
 * Verifies one bundle part of any source with its source chain and stores the outcome the same way for every
 * source: a part refused whole is one rejection per claim (`rejectBundle`); a verified one its messages and its
 * refused claims (`persistVerification`). Returns the verified messages stored per destination. An error thrown (a
 * block not final yet: `BLOCK_NOT_FINAL`) is the bus's to retry.
 */
export async function verifyAndStoreBundle(
  deps: Pick<VerifierDeps, 'store' | 'traces' | 'clock'>,
  sources: SourceChains,
  m: BusMessage<IncomingBundle>,
): Promise<Map<number, number>> {
  return deps.traces.inBundleSpan(m, async (span) => {
    const { head } = m.data
    const source = sources[head.source]
    const startTime = deps.clock.now()
    const verdict = await source.verify(m.data)
    if (!verdict.ok) {
      await deps.store.rejectBundle({ head, ...source.claimsOf(m.data.bytes), ...verdict.refused })
      return new Map()
    }
    const { bundle } = verdict
    const firstDelivery = isFirstDelivery({
      deliveryCount: m.deliveryCount,
      reobserved: m.headers?.get(REOBSERVED_HEADER) === '1',
    })
    const stored = await deps.store.persistVerification({ bundle, firstDelivery })
    await deps.traces.recordBundle(bundle, stored, { startTime, endTime: deps.clock.now() })
    span.setAttributes({ 'relaymesh.verified': bundle.messages.count, 'relaymesh.rejected': stored.rejected })
    return stored.destinations
  })
}
