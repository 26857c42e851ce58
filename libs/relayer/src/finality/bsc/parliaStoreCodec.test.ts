// The Parlia store is persisted as a snapshot plus journal deltas (the header runs applied): restoring replays them
// into the very store the verifier held, and a delta costs one run's headers whatever history the store keeps.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createParliaStore, processParliaHeaders, type ParliaStore } from '@relaymesh/light-client'
import { bytesToHex, type Hex } from '@relaymesh/protocol'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import {
  createParliaDevChain,
  defaultParliaDevSchedule,
  anvilStandInBlock as anvilBlock,
} from '@relaymesh/devnet/parlia'
import {
  decodeParliaStore,
  encodeParliaRuns,
  encodeParliaStore,
  restoreParliaStore,
  type ParliaRuns,
} from './parliaStoreCodec.js'

const EPOCH = 20n

/** Runs of three headers, as the watcher publishes them. */
function headerRuns(blocks: bigint): { trusted: Hex; runs: ParliaRuns } {
  const chain = createParliaDevChain({ chainId: 31356n, epochLength: EPOCH, schedule: defaultParliaDevSchedule() })
  for (let n = 0n; n <= blocks; n++) chain.extend(anvilBlock(n))
  // From block 5 on: the first blocks of epoch 0 are sealed by the set before it, which no store trusts.
  const headers = Array.from({ length: Number(blocks) - 4 }, (_, i) =>
    bytesToHex(encodeBlockHeader(chain.block(BigInt(i) + 5n)!.header)),
  )
  const runs: ParliaRuns = []
  for (let i = 0; i < headers.length; i += 3) runs.push(headers.slice(i, i + 3))
  return { trusted: chain.block(0n)!.header.extraData as Hex, runs } // reason: sealed headers carry 0x extraData
}

const fresh = (trusted: Hex) =>
  createParliaStore({
    chainId: 31356n,
    epochLength: EPOCH,
    trustedEpochs: [{ number: 0n, extraData: trusted }],
    retainBlocks: 2048n,
  })
const apply = (store: ParliaStore, run: Hex[]) =>
  processParliaHeaders(
    store,
    run.map((h) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'))),
  )

describe('Parlia store: snapshot and journal', () => {
  const { trusted, runs } = headerRuns(240n)

  it('a snapshot with the later runs as deltas restores the store the verifier held, byte for byte', () => {
    const first = apply(fresh(trusted), runs[0]!)
    const held = runs.slice(1).reduce(apply, first)
    const journal = runs.slice(1).map((run) => encodeParliaRuns([run]))
    const restored = restoreParliaStore({ data: encodeParliaStore(first), journal })
    assert.equal(restored.finalized?.number, held.finalized?.number)
    assert.ok((held.finalized?.number ?? 0n) > 200n, 'the run got final far into the chain')
    assert.deepEqual(encodeParliaStore(restored), encodeParliaStore(held))
    assert.deepEqual(
      encodeParliaStore(restoreParliaStore({ data: encodeParliaStore(held), journal: [] })),
      encodeParliaStore(held),
      'a snapshot alone is the store',
    )
  })

  it('a delta costs one run, while a snapshot grows with the history kept', () => {
    const held = runs.reduce(apply, fresh(trusted))
    const delta = encodeParliaRuns([runs.at(-1)!]).length
    const snapshot = encodeParliaStore(held).length
    assert.ok(delta < 4_000, `delta ${delta} bytes`)
    assert.ok(snapshot > 40 * delta, `snapshot ${snapshot} bytes vs delta ${delta}`)
    assert.equal(decodeParliaStore(encodeParliaStore(held)).headers.size, held.headers.size)
  })
})
