import { countMessagesByState } from '@relaymesh/store'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'

/** Whether every one of the `total` messages to `destination` reached `verified` (or further) or `rejected`. */
export async function allStored(ctx: RelayerContext, destination: number, total: number): Promise<boolean> {
  const counts = await countMessagesByState(ctx.db, { destination })
  return counts.verified + counts.batched + counts.rejected >= total
}
