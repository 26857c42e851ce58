import type { BusMessage } from '@relaymesh/bus'
import type { IncomingBundle } from '../bundle/bundleCodec.js'
import { groupVerifiedNotices } from './groupVerifiedNotices.js'
import { verifyAndStoreBundle, type SourceChains } from './verifyAndStoreBundle.js'
import type { VerifierDeps } from './VerifierDeps.js'

/**
 * One pull of the verifier: each part verified and stored concurrently (`verifyAndStoreBundle`), then one wake-up per
 * destination for the pull (`groupVerifiedNotices`). Returns the parts to redeliver with their errors: those that
 * failed, and those whose destination's wake-up could not be sent (stored, but the batcher not woken: redelivered,
 * their inserts are no-ops, so a wake-up follows).
 */
export async function verifyBundleBatch(
  deps: VerifierDeps,
  sources: SourceChains,
  messages: BusMessage<IncomingBundle>[],
): Promise<Map<BusMessage<IncomingBundle>, unknown>> {
  const failures = new Map<BusMessage<IncomingBundle>, unknown>()
  const outcomes = await Promise.all(
    messages.map(async (message) => {
      try {
        return { message, stored: await verifyAndStoreBundle(deps, sources, message) }
      } catch (error) {
        failures.set(message, error)
        return { message, stored: new Map<number, number>() }
      }
    }),
  )
  await Promise.all(
    groupVerifiedNotices(outcomes).map(async ({ destination, count, from }) => {
      try {
        await deps.notifyVerified({ destination, count })
      } catch (error) {
        for (const m of from) failures.set(m, error)
      }
    }),
  )
  return failures
}
