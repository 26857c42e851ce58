// The Ethereum light client's handler on a fake store holder (no Postgres, NATS or beacon node): updates of the devnet
// beacon model applied at the current slot and saved once per pull, stale ones dropped, the bootstrap store saved
// even when nothing applied, and a lost compare-and-set reloaded and applied again.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BusMessage } from '@relaymesh/bus'
import { initializeLightClientStore, type LightClientStore } from '@relaymesh/light-client'
import { hexToBytes } from 'viem'
import {
  createBeaconChainModel,
  createDevnetContext,
  DEVNET_FORK,
  DEVNET_GENESIS_VALIDATORS_ROOT,
  syntheticExecutionBlocks,
} from '@relaymesh/devnet/beacon'
import type { LoadedFinalityStore } from '../saveFinalityStore.js'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'
import { createBeaconUpdateHandler, type BeaconUpdateHandlerDeps } from './createBeaconUpdateHandler.js'

const context = createDevnetContext()
const genesisValidatorsRoot = hexToBytes(DEVNET_GENESIS_VALIDATORS_ROOT)
const model = createBeaconChainModel(context, genesisValidatorsRoot)
for (const b of syntheticExecutionBlocks(60)) model.addBlock(b)
const types = context.types.byFork[DEVNET_FORK]

/** The update at `slot` as the feeder publishes it (beacon-API JSON), delivered once. */
const update = (slot: number, streamSequence = slot): BusMessage<BeaconUpdateMessage> => ({
  subject: 'finality.31337',
  data: {
    origin: 31337,
    kind: 'update',
    version: DEVNET_FORK,
    // reason: an SSZ container's JSON is an object
    data: types.LightClientUpdate.toJson(model.update(slot)) as Record<string, unknown>,
  },
  headers: undefined,
  deliveryCount: 1,
  streamSequence,
  msgId: undefined,
})

const bootstrap = (version = 0): LoadedFinalityStore<LightClientStore> => ({
  store: initializeLightClientStore(model.rootOf(0), model.bootstrap(0), context),
  version,
  journaled: 0,
})

/** A holder over memory: `lose` writes fail before the writes succeed; each load after a loss reads `stored`. */
function fakeHolder(initial: LoadedFinalityStore<LightClientStore>, p: { lose?: number } = {}) {
  let lose = p.lose ?? 0
  let held: LoadedFinalityStore<LightClientStore> | undefined = initial
  const io = {
    loads: 0,
    forgets: 0,
    saves: [] as Array<Parameters<BeaconUpdateHandlerDeps['saveStore']>[0]>,
  }
  const deps: BeaconUpdateHandlerDeps = {
    holder: {
      load: async () => {
        io.loads++
        held ??= bootstrap(1)
        return held
      },
      save: async (saving) => {
        const saved = await saving
        if (saved) held = saved
        return saved
      },
      forget: () => {
        io.forgets++
        held = undefined
      },
    },
    saveStore: async (save) => {
      io.saves.push(save)
      if (lose-- > 0) return undefined
      return { store: save.store, version: save.loaded.version + 1, journaled: 0 }
    },
    currentSlot: async () => 40,
  }
  return Object.assign(io, { deps, held: () => held })
}

const handlerOf = (deps: BeaconUpdateHandlerDeps) => createBeaconUpdateHandler({ genesisValidatorsRoot, context }, deps)

describe('createBeaconUpdateHandler (fake store holder)', () => {
  it('applies a pull of updates at the current slot and saves it once', async () => {
    const holder = fakeHolder(bootstrap(3))
    const failures = await handlerOf(holder.deps)([1, 2, 3].map((s) => update(s)))
    assert.equal(failures.size, 0)
    assert.equal(holder.saves.length, 1)
    assert.equal(holder.saves[0]?.slot, 40)
    assert.equal(holder.saves[0]?.applied.length, 3)
    assert.equal(holder.held()?.version, 4)
  })

  it('an update signed after the current slot is dropped as stale, not failed; nothing applied, nothing written', async () => {
    const holder = fakeHolder(bootstrap(3))
    const failures = await handlerOf(holder.deps)([update(50)]) // signed after the current slot (40)
    assert.equal(failures.size, 0, 'stale: dropped')
    assert.equal(holder.saves.length, 0)
    assert.equal(holder.held()?.version, 3)
  })

  it('the bootstrap store is written even when nothing applied', async () => {
    const holder = fakeHolder(bootstrap(0))
    const failures = await handlerOf(holder.deps)([update(50)])
    assert.equal(failures.size, 0)
    assert.equal(holder.saves.length, 1)
    assert.equal(holder.saves[0]?.applied.length, 0)
    assert.equal(holder.held()?.version, 1)
  })

  it('after a lost compare-and-set, drops the held store, reloads and applies again', async () => {
    const holder = fakeHolder(bootstrap(3), { lose: 1 })
    const failures = await handlerOf(holder.deps)([update(1), update(2)])
    assert.equal(failures.size, 0)
    assert.equal(holder.forgets, 1)
    assert.equal(holder.loads, 2)
    assert.equal(holder.saves.length, 2)
    assert.equal(holder.saves[1]?.loaded.version, 1, 'the second write is over the reloaded store')
    assert.equal(holder.saves[1]?.applied.length, 2)
  })
})
