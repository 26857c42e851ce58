import type { EthereumLightClientContext } from './EthereumLightClientContext.js'
import { initializeLightClientStore } from './initializeLightClientStore.js'
import type { LightClientStore } from './LightClientStore.js'
import type { LightClientBootstrap } from './lightClientTypes.js'

/**
 * Re-anchors a store on a trusted checkpoint (the operator's block root and
 * its bootstrap, as for `initialize_light_client_store`): the only way out
 * of a forced store. Committees and finalized headers learned since the
 * forced update are dropped with the old store; the history keeps what was
 * finalized before the checkpoint (entries still tagged `forced` stay
 * not-final), then the checkpoint itself.
 *
 * @throws LightClientError `LC_INVALID_BOOTSTRAP` (see {@link initializeLightClientStore}).
 * @example
 * if (isForcedStore(store)) store = reanchorLightClientStore(store, trustedBlockRoot, bootstrap, context)
 */
export function reanchorLightClientStore(
  store: LightClientStore,
  trustedBlockRoot: Uint8Array,
  bootstrap: LightClientBootstrap,
  context: EthereumLightClientContext,
): LightClientStore {
  const anchored = initializeLightClientStore(trustedBlockRoot, bootstrap, context, {
    finalizedExecutionsLimit: store.finalizedExecutionsLimit,
  })
  const checkpoint = anchored.finalizedExecutions[0]
  const before = checkpoint
    ? store.finalizedExecutions.filter((entry) => entry.blockNumber < checkpoint.blockNumber)
    : store.finalizedExecutions
  const history = [...before, ...anchored.finalizedExecutions]
  return {
    ...anchored,
    finalizedExecutions: history.slice(Math.max(0, history.length - anchored.finalizedExecutionsLimit)),
  }
}
