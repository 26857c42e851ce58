/**
 * Real mainnet data (eth-mainnet-lc/helios, Capella era, mainnet preset):
 * bootstrap from the trusted root, sync across all six committee periods
 * (862 to 867) with the six updates, then the finality update, then answer
 * the relaymesh question for the finalized execution block.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ssz } from '@lodestar/types'
import { computeSyncCommitteePeriodAtSlot } from './EthereumLightClientConfig.js'
import { createEthereumLightClientContext } from './EthereumLightClientContext.js'
import { lightClientDataFromJson } from './decodeLightClientData.js'
import { getFinalizedExecution } from './getFinalizedExecution.js'
import { initializeLightClientStore } from './initializeLightClientStore.js'
import { hashBeaconHeader } from './lightClientHeader.js'
import type { LightClientStore } from './LightClientStore.js'
import { processLightClientUpdate } from './processLightClientUpdate.js'
import { hex } from './testing/specVectors.js'
import {
  MAINNET_GENESIS_VALIDATORS_ROOT,
  MAINNET_TRUSTED_BLOCK_ROOT,
  mainnetConfig,
  readHelios,
} from './testing/mainnetVectors.js'

const gvr = MAINNET_GENESIS_VALIDATORS_ROOT

describe('Ethereum mainnet light-client sync (helios data, mainnet preset)', () => {
  const context = createEthereumLightClientContext(mainnetConfig())
  const period = (slot: number) => computeSyncCommitteePeriodAtSlot(context.config, slot)
  let store: LightClientStore

  it('bootstraps from the trusted block root', () => {
    const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', readHelios('bootstrap.json'))
    store = initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, bootstrap, context)
    assert.equal(store.finalizedHeader.beacon.slot, 7069376)
    assert.equal(period(7069376), 862)
    assert.equal(store.currentSyncCommittee.pubkeys.length, 512)
  })

  it('syncs across all six committee periods (862 to 867)', () => {
    const updates = readHelios<{ version: string; data: unknown }[]>('updates.json')
    assert.equal(updates.length, 6)
    const seen: number[] = []
    for (const json of updates) {
      const update = lightClientDataFromJson(context.types, 'update', json)
      const before = store
      store = processLightClientUpdate(store, update, update.signatureSlot, gvr, context)
      seen.push(period(update.attestedHeader.beacon.slot))
      assert.notEqual(store, before)
      assert.equal(store.bestValidUpdate, null, 'each update applies (supermajority)')
      assert.notDeepEqual(store.nextSyncCommittee, context.types.SyncCommittee.defaultValue(), 'next committee known')
    }
    assert.deepEqual(seen, [862, 863, 864, 865, 866, 867])
    assert.equal(period(store.finalizedHeader.beacon.slot), 867)
    assert.equal(store.finalizedHeader.beacon.slot, 7104096)
  })

  it('reaches the finality update and answers for its execution block', () => {
    const update = lightClientDataFromJson(context.types, 'finality_update', readHelios('finality.json'))
    store = processLightClientUpdate(store, update, update.signatureSlot, gvr, context)
    assert.equal(store.finalizedHeader.beacon.slot, 7109344)
    assert.equal(store.optimisticHeader.beacon.slot, 7109430)
    const blockHash = '0xbc8499537876e5406c7a65e25f99063f1cd85a17014a3aa5ade38271b1fbf64f'
    const answer = getFinalizedExecution(store, { blockNumber: 17923026, blockHash })
    assert.deepEqual(answer, {
      status: 'final',
      blockNumber: 17923026,
      blockHash,
      receiptsRoot: '0xa71c4101ece61ca0fc624efdb54dc382be561a8c047a19cf5f10e530378e0b9c',
      stateRoot: hex(store.finalizedHeader.execution.stateRoot),
      provenBy: 'checkpoint',
    })
    assert.equal(getFinalizedExecution(store, { blockNumber: 17923027, blockHash }).status, 'pending')
    // every checkpoint finalized on the way is in the history: the bootstrap, 5 of the 6 updates (the first,
    // from period 862, finalizes a block older than the bootstrap and only brings the next committee), the finality
    // update
    assert.equal(store.finalizedExecutions.length, 7)
    assert.deepEqual(
      store.finalizedExecutions.map((e) => e.source),
      ['bootstrap', ...Array(6).fill('finality')],
    )
    const numbers = store.finalizedExecutions.map((e) => e.blockNumber)
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    )
  })

  it('keeps only finalizedExecutionsLimit checkpoints, newest last', () => {
    const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', readHelios('bootstrap.json'))
    let small = initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, bootstrap, context, {
      finalizedExecutionsLimit: 3,
    })
    for (const json of readHelios<{ version: string; data: unknown }[]>('updates.json')) {
      const update = lightClientDataFromJson(context.types, 'update', json)
      small = processLightClientUpdate(small, update, update.signatureSlot, gvr, context)
    }
    assert.equal(small.finalizedExecutions.length, 3)
    assert.equal(small.finalizedExecutions[2]?.beaconSlot, small.finalizedHeader.beacon.slot)
  })

  it('the finalized header is the full beacon block 7109344 from the beacon API', () => {
    const block = readHelios<{ data: { message: unknown } }>('beacon_blocks/7109344.json')
    const message = ssz.capella.BeaconBlock.fromJson(block.data.message)
    assert.equal(hex(ssz.capella.BeaconBlock.hashTreeRoot(message)), hex(hashBeaconHeader(store.finalizedHeader)))
  })

  it('takes the optimistic update without moving finality', () => {
    const update = lightClientDataFromJson(context.types, 'optimistic_update', readHelios('optimistic.json'))
    const next = processLightClientUpdate(store, update, update.signatureSlot, gvr, context)
    assert.equal(next.finalizedHeader.beacon.slot, 7109344)
    assert.ok(next.optimisticHeader.beacon.slot >= store.optimisticHeader.beacon.slot)
  })
})
