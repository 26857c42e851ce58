// The sync-committee store is persisted as a snapshot plus journal deltas (the updates applied, with the slot they
// were checked at): restoring replays them into the very store the verifier held.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  initializeLightClientStore,
  lightClientDataFromJson,
  processLightClientUpdate,
  type LightClientStore,
} from '@relaymesh/light-client'
import { hexToBytes } from 'viem'
import {
  createBeaconChainModel,
  createDevnetContext,
  DEVNET_FORK,
  DEVNET_GENESIS_VALIDATORS_ROOT,
  syntheticExecutionBlocks,
} from '@relaymesh/devnet/beacon'
import { encodeBeaconDelta, encodeBeaconStore, restoreBeaconStore, type BeaconDelta } from './beaconStoreCodec.js'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'

describe('sync-committee store: snapshot and journal', () => {
  const context = createDevnetContext()
  const gvr = hexToBytes(DEVNET_GENESIS_VALIDATORS_ROOT)
  const model = createBeaconChainModel(context, gvr)
  for (const b of syntheticExecutionBlocks(120)) model.addBlock(b)
  const types = context.types.byFork[DEVNET_FORK]
  // As the feeder publishes them: beacon-API JSON.
  const message = (slot: number): BeaconUpdateMessage => ({
    origin: 31337,
    kind: 'update',
    version: DEVNET_FORK,
    // reason: an SSZ container's JSON is an object
    data: types.LightClientUpdate.toJson(model.update(slot)) as Record<string, unknown>,
  })
  const apply = (store: LightClientStore, delta: BeaconDelta) =>
    delta.updates.reduce(
      (s, u) =>
        processLightClientUpdate(s, lightClientDataFromJson(context.types, u.kind, u), delta.slot, gvr, context),
      store,
    )

  it('a snapshot with the later updates as deltas restores the store the verifier held, byte for byte', () => {
    const deltas: BeaconDelta[] = []
    for (let slot = 1; slot < 118; slot += 3)
      deltas.push({ slot: slot + 3, updates: [slot, slot + 1, slot + 2].map(message) })
    const first = apply(initializeLightClientStore(model.rootOf(0), model.bootstrap(0), context), deltas[0]!)
    const held = deltas.slice(1).reduce(apply, first)
    assert.ok(
      held.finalizedExecutions.length >= 10,
      `the run finalized checkpoints (${held.finalizedExecutions.length})`,
    )
    const restored = restoreBeaconStore(context, gvr, {
      data: encodeBeaconStore(context, first),
      journal: deltas.slice(1).map(encodeBeaconDelta),
    })
    assert.deepEqual(encodeBeaconStore(context, restored), encodeBeaconStore(context, held))
  })
})
