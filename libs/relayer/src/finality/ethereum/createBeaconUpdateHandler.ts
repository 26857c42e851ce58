import type { BusMessage } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import {
  lightClientDataFromJson,
  processLightClientUpdate,
  type EthereumLightClientContext,
  type LightClientStore,
} from '@relaymesh/light-client'
import type { FinalityStoreHolder } from '../createFinalityStoreHolder.js'
import type { LoadedFinalityStore } from '../saveFinalityStore.js'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'

type Loaded = LoadedFinalityStore<LightClientStore>

/** What the Ethereum light client's handler works with: the store it holds, how it is written, the slot clock. */
export type BeaconUpdateHandlerDeps = {
  holder: Pick<FinalityStoreHolder<LightClientStore>, 'load' | 'save' | 'forget'>
  /** Writes `store` over `loaded` (compare-and-set); undefined when another writer got there first. */
  saveStore(p: {
    loaded: Loaded
    store: LightClientStore
    slot: number
    applied: BeaconUpdateMessage[]
  }): Promise<Loaded | undefined>
  /** The verifier's own notion of the current slot (updates signed in the future are refused). */
  currentSlot(): Promise<number>
}

export type BeaconUpdateHandlerOptions = {
  genesisValidatorsRoot: Uint8Array
  context: EthereumLightClientContext
}

/**
 * Applies updates in order; one that fails leaves the store as it was and is settled by its error's action (a
 * superseded one is dropped).
 */
function applyUpdates(
  opts: BeaconUpdateHandlerOptions,
  store: LightClientStore,
  messages: BusMessage<BeaconUpdateMessage>[],
  slot: number,
  failures: Map<BusMessage<BeaconUpdateMessage>, unknown>,
): { store: LightClientStore; applied: BeaconUpdateMessage[] } {
  let next = store
  const applied: BeaconUpdateMessage[] = []
  for (const m of messages) {
    try {
      next = processLightClientUpdate(
        next,
        lightClientDataFromJson(opts.context.types, m.data.kind, m.data),
        slot,
        opts.genesisValidatorsRoot,
        opts.context,
      )
      applied.push(m.data)
    } catch (error) {
      if (!isRelaymeshError(error, 'LC_STALE_UPDATE')) failures.set(m, error)
    }
  }
  return { store: next, applied }
}

/**
 * The Ethereum light client's consumer handler: applies a pull of updates (altair `process_light_client_update`) to
 * the held store at the current slot and saves the result; a store never written (the bootstrap) is saved even when
 * nothing applied. On a lost compare-and-set it drops the held store, reloads and applies again. Updates that failed
 * are returned for the consumer to settle by their errors' actions.
 *
 * @example
 * const handle = createBeaconUpdateHandler({ genesisValidatorsRoot, context }, { holder, saveStore, currentSlot })
 * const failures = await handle(messages)
 */
export function createBeaconUpdateHandler(
  opts: BeaconUpdateHandlerOptions,
  deps: BeaconUpdateHandlerDeps,
): (messages: BusMessage<BeaconUpdateMessage>[]) => Promise<Map<BusMessage<BeaconUpdateMessage>, unknown>> {
  return async (messages) => {
    for (;;) {
      const loaded = await deps.holder.load()
      const failures = new Map<BusMessage<BeaconUpdateMessage>, unknown>()
      const slot = await deps.currentSlot()
      const { store, applied } = applyUpdates(opts, loaded.store, messages, slot, failures)
      if (store === loaded.store && loaded.version > 0) return failures
      const saved = await deps.holder.save(deps.saveStore({ loaded, store, slot, applied }))
      if (saved) return failures
      deps.holder.forget()
    }
  }
}
