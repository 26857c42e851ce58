// The Parlia finality's handler on fake store IO (no Postgres, NATS or chain): header runs of a dev Parlia chain
// applied, saved once per pull, applied again on the reloaded store after a lost compare-and-set, and failed runs
// returned without a write.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BusMessage } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import { createParliaStore, type ParliaStore } from '@relaymesh/light-client'
import { bytesToHex, type Hex } from '@relaymesh/protocol'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { createLogger } from '@relaymesh/telemetry'
import {
  createParliaDevChain,
  defaultParliaDevSchedule,
  anvilStandInBlock as anvilBlock,
} from '@relaymesh/devnet/parlia'
import type { LoadedFinalityStore } from '../saveFinalityStore.js'
import { createParliaRunHandler, type ParliaRunHandlerDeps } from './createParliaRunHandler.js'
import type { ParliaHeaderRun } from './parliaHeadersCodec.js'

const EPOCH = 20n
const ORIGIN = 31356

/** Runs of three headers from block 5 on (the first blocks of epoch 0 are sealed by a set no store trusts). */
function headerRuns(blocks: bigint): { trusted: Hex; runs: BusMessage<ParliaHeaderRun>[] } {
  const chain = createParliaDevChain({ chainId: 31356n, epochLength: EPOCH, schedule: defaultParliaDevSchedule() })
  for (let n = 0n; n <= blocks; n++) chain.extend(anvilBlock(n))
  const headers = Array.from({ length: Number(blocks) - 4 }, (_, i) =>
    bytesToHex(encodeBlockHeader(chain.block(BigInt(i) + 5n)!.header)),
  )
  const runs: BusMessage<ParliaHeaderRun>[] = []
  for (let i = 0; i < headers.length; i += 3)
    runs.push({
      subject: `finality.${ORIGIN}`,
      data: { origin: ORIGIN, from: i + 5, headers: headers.slice(i, i + 3) },
      headers: undefined,
      deliveryCount: 1,
      streamSequence: runs.length + 1,
      msgId: undefined,
    })
  return { trusted: chain.block(0n)!.header.extraData as Hex, runs } // reason: sealed headers carry 0x extraData
}

const { trusted, runs } = headerRuns(30n)
const fresh = (): LoadedFinalityStore<ParliaStore> => ({
  store: createParliaStore({
    chainId: 31356n,
    epochLength: EPOCH,
    trustedEpochs: [{ number: 0n, extraData: trusted }],
    retainBlocks: 2048n,
  }),
  version: 0,
  journaled: 0,
})

/** Store IO on memory: `lose` compare-and-sets fail before the writes succeed. */
function fakeStore(p: { lose?: number } = {}) {
  let lose = p.lose ?? 0
  const io = {
    loads: 0,
    saves: [] as Array<Parameters<ParliaRunHandlerDeps['saveStore']>[0]>,
  }
  const deps: ParliaRunHandlerDeps = {
    loadStore: async () => {
      io.loads++
      return fresh()
    },
    saveStore: async (save) => {
      io.saves.push(save)
      if (lose-- > 0) return undefined
      return { store: save.store, version: save.loaded.version + 1, journaled: 0 }
    },
    logger: createLogger({ name: 'parlia-finality', level: 'silent' }),
  }
  return Object.assign(io, { deps })
}

describe('createParliaRunHandler (fake store IO)', () => {
  it('applies a pull of runs and saves it once', async () => {
    const io = fakeStore()
    const initial = fresh()
    const handler = createParliaRunHandler(io.deps, initial)
    const failures = await handler.handle(runs.slice(0, 4))
    assert.equal(failures.size, 0)
    assert.equal(io.saves.length, 1)
    assert.equal(io.saves[0]?.applied.length, 4)
    assert.equal(io.saves[0]?.loaded, initial)
    assert.notEqual(handler.store(), initial.store)
    assert.equal(handler.store(), io.saves[0]?.store)
  })

  it('after a lost compare-and-set, reloads the store and applies the runs again', async () => {
    const io = fakeStore({ lose: 1 })
    const handler = createParliaRunHandler(io.deps, fresh())
    const failures = await handler.handle(runs.slice(0, 2))
    assert.equal(failures.size, 0)
    assert.equal(io.loads, 1, 'reloaded once')
    assert.equal(io.saves.length, 2)
    assert.notEqual(io.saves[1]?.loaded, io.saves[0]?.loaded, 'the second write is over the reloaded store')
    assert.equal(io.saves[1]?.applied.length, 2)
    assert.equal(handler.store(), io.saves[1]?.store)
  })

  it('a run that cannot apply is returned with its error, and nothing is written when nothing applied', async () => {
    const io = fakeStore()
    const initial = fresh()
    const handler = createParliaRunHandler(io.deps, initial)
    const first = runs[0]!
    // A run that skips a header: its headers do not link.
    const broken = { ...first, data: { ...first.data, headers: [first.data.headers[0]!, first.data.headers[2]!] } }
    const failures = await handler.handle([broken])
    assert.equal(failures.size, 1)
    assert.ok(isRelaymeshError(failures.get(broken), 'PARLIA_BROKEN_LINKAGE'))
    assert.equal(io.saves.length, 0)
    assert.equal(handler.store(), initial.store)
    assert.equal(handler.takeRefusedHeader(broken.streamSequence), undefined, 'no forgery named')
  })
})
