// Piscina worker for the Ethereum section of bench:verify: applies a run of sync-committee updates
// to a store snapshot (BLS fast-aggregate verify per update, committee keys decoded once per worker).
import { processLightClientUpdate } from '@relaymesh/light-client'
import { decodeBeaconStore } from '../src/finality/ethereum/beaconStoreCodec.js'
import { createDevnetContext } from '@relaymesh/devnet/beacon'

export type EthBenchTask = { store: Uint8Array; updates: Uint8Array[]; currentSlot: number; gvr: Uint8Array }

const context = createDevnetContext()

export default function verifyRun(task: EthBenchTask): number {
  let store = decodeBeaconStore(context, task.store)
  for (const bytes of task.updates)
    store = processLightClientUpdate(
      store,
      context.types.latest.LightClientUpdate.deserialize(bytes),
      task.currentSlot,
      task.gvr,
      context,
    )
  return task.updates.length
}
