import type { SettlerDeps } from './SettlerDeps.js'
import { decideFollowerWait } from './decideFollowerWait.js'

/** How often the cursor is read while waiting. */
const POLL_MS = 100

/**
 * Waits until the inbox follower's cursor passes `block`, at most `timeoutMs`
 * (then warns): until then the messages a mined execute or one-shot settlement
 * executed still look `settled` here, and must not be picked again.
 *
 * @example
 * await waitForFollower(deps, receipt.blockNumber, 30_000)
 */
export async function waitForFollower(
  deps: Pick<SettlerDeps, 'destination' | 'store' | 'clock' | 'logger' | 'sleep'>,
  block: bigint,
  timeoutMs: number,
): Promise<void> {
  const deadline = deps.clock.now() + timeoutMs
  let cursor: bigint | undefined
  for (let polled = false; ; polled = true) {
    const next = decideFollowerWait({ block, cursor, now: deps.clock.now(), deadline })
    if (next === 'done') return
    if (next === 'give-up') break
    if (polled) await deps.sleep(POLL_MS)
    cursor = await deps.store.getInboxFollowerCursor(deps.destination)
  }
  deps.logger.warn({ destination: deps.destination, block: block.toString() }, 'inbox follower is behind the settler')
}
