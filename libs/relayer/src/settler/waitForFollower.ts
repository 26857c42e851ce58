import { getCursor } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'

/**
 * Waits until the inbox follower's cursor passes `block`, at most `timeoutMs`
 * (then warns): until then the messages a mined execute or one-shot settlement
 * executed still look `settled` here, and must not be picked again.
 *
 * @example
 * await waitForFollower(ctx, destination, receipt.blockNumber, 30_000)
 */
export async function waitForFollower(
  ctx: RelayerContext,
  destination: number,
  block: bigint,
  timeoutMs: number,
): Promise<void> {
  const deadline = ctx.clock.now() + timeoutMs
  while (ctx.clock.now() < deadline) {
    const cursor = await getCursor(ctx.db, { chain: destination, name: 'inbox-follower' })
    if (cursor && cursor.blockNumber >= block) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  ctx.logger.warn({ destination, block: block.toString() }, 'inbox follower is behind the settler')
}
