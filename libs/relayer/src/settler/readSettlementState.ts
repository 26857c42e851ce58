import type { SettlerDeps } from './SettlerDeps.js'
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
  deps: Pick<SettlerDeps, 'destination' | 'store'>,
  options: Pick<ExecuteOptions, 'maxAttempts' | 'retryBaseMs'>,
): Promise<Omit<SettlementState, 'last'>> {
  const waits = await deps.store.getSettlementWaits({
    destination: deps.destination,
    maxAttempts: options.maxAttempts,
    retryBaseMs: options.retryBaseMs,
  })
  return { signed: waiting(waits.signedWaitingMs), executable: waiting(waits.executableWaitingMs) }
}
