// The devnet signer's data verifies with the light-client lib (the verifier's code): bootstrap,
// sync across two committee rotations, finality on epoch checkpoints; a rotated-out committee is refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  getFinalizedExecution,
  initializeLightClientStore,
  LightClientError,
  processLightClientUpdate,
} from '@relaymesh/light-client'
import { hexToBytes } from 'viem'
import { createBeaconChainModel, type ExecutionBlock } from './createBeaconChainModel.js'
import { createDevnetContext, DEVNET_GENESIS_VALIDATORS_ROOT } from './devnetBeaconConfig.js'
import { syntheticExecutionBlocks } from './syntheticExecutionBlocks.js'

describe('devnet beacon chain model', () => {
  const context = createDevnetContext()
  const gvr = hexToBytes(DEVNET_GENESIS_VALIDATORS_ROOT)
  const blocks = syntheticExecutionBlocks(200)
  const model = createBeaconChainModel(context, gvr)
  for (const b of blocks) model.addBlock(b)

  it('syncs from the genesis bootstrap across two committee periods, finalizing epoch checkpoints', () => {
    let store = initializeLightClientStore(model.rootOf(0), model.bootstrap(0), context)
    for (let slot = 1; slot < 199; slot++)
      store = processLightClientUpdate(store, model.update(slot), slot + 1, gvr, context)
    assert.equal(store.finalizedHeader.beacon.slot, 176) // attested 198: epoch 24 - 2 = 22 -> slot 176
    assert.equal(model.periodOf(store.finalizedHeader.beacon.slot), 2)
    const final = getFinalizedExecution(store, { blockNumber: 176, blockHash: (blocks[176] as ExecutionBlock).hash })
    assert.equal(final.status, 'final')
    assert.equal(
      getFinalizedExecution(store, { blockNumber: 190, blockHash: (blocks[190] as ExecutionBlock).hash }).status,
      'pending',
    )
  })

  it('refuses an update signed by a rotated-out committee (LC_BAD_SIGNATURE) and keeps the store', () => {
    let store = initializeLightClientStore(model.rootOf(0), model.bootstrap(0), context)
    for (let slot = 1; slot < 150; slot++)
      store = processLightClientUpdate(store, model.update(slot), slot + 1, gvr, context)
    const bad = model.update(150, 1) // period 2 slot signed by the period-1 committee
    assert.throws(
      () => processLightClientUpdate(store, bad, 151, gvr, context),
      (e: unknown) => e instanceof LightClientError && e.code === 'LC_BAD_SIGNATURE',
    )
  })
})
