import { getSettlementWaits } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import type { SettlementState } from './decideSettlement.js'
import type { ExecuteOptions } from './executeSettledMessages.js'

const waiting = (ms: number | null) => (ms === null ? undefined : { waitingMs: Math.max(0, ms) })

/**
 * What the settler of `target` has due, for `decideSettlement`: whether a
 * `signed` batch waits to be submitted and whether settled (or retry-due
 * failed) messages wait to be executed, each with how long the oldest has
 * waited. What `submitSignedBatch` and `executeSettledMessages` would pick.
 */
export async function readSettlementState(
  ctx: Pick<RelayerContext, 'db'>,
  target: BatchDestination,
  options: ExecuteOptions,
): Promise<Omit<SettlementState, 'last'>> {
  const waits = await getSettlementWaits(ctx.db, {
    destination: target.destination,
    maxAttempts: options.maxAttempts,
    retryBaseMs: options.retryBaseMs,
  })
  return { signed: waiting(waits.signedWaitingMs), executable: waiting(waits.executableWaitingMs) }
}
