// The Parlia feeder's loop on in-memory deps: the devnet's sealed BSC chain served by fake endpoints through a real
// endpoint rotation, an in-memory cursor and finality subject. No Postgres, NATS or chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createParliaDevChain, defaultParliaDevSchedule, anvilStandInBlock } from '@relaymesh/devnet/parlia'
import { isRelaymeshError } from '@relaymesh/errors'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { numberToHex, pad, type Hex } from 'viem'
import { createEndpointRotation } from '../../endpoints/createEndpointRotation.js'
import { RelayerError } from '../../RelayerError.js'
import type { ParliaHeaderRun } from './parliaHeadersCodec.js'
import type { ParliaFeederDeps, ParliaFeederOptions } from './ParliaFeederDeps.js'
import type { ParliaRpcBlock } from './readParliaRun.js'
import type { FeederCursor } from './rewindFeederCursor.js'
import { runParliaFeeder, type ParliaFeederState } from './runParliaFeeder.js'

const CHAIN_ID = 31356n
const opts: ParliaFeederOptions = {
  origin: 56,
  chainId: CHAIN_ID,
  feedFrom: 1n,
  headersPerMessage: 4,
  pollIntervalMs: 100,
  idlePollMs: 2_000,
}

/** Blocks 0..12 of the devnet's sealed Parlia chain, as an endpoint serves them. */
function sealedChain(): ParliaRpcBlock[] {
  const chain = createParliaDevChain({ chainId: CHAIN_ID, epochLength: 20n, schedule: defaultParliaDevSchedule() })
  for (let n = 0n; n <= 12n; n++) chain.extend(anvilStandInBlock(n))
  return Array.from({ length: 13 }, (_, n) => {
    const block = chain.block(BigInt(n))
    assert.ok(block)
    return { ...block.header, hash: block.hash } as ParliaRpcBlock // reason: a sealed header with its hash
  })
}

/** A block re-hashed over another receipts root: it hashes but its seal is over another header. */
function forged(block: ParliaRpcBlock): ParliaRpcBlock {
  const header = { ...block, receiptsRoot: pad('0xf0', { size: 32 }) }
  return { ...header, hash: hashBlockHeader(header) }
}

/** An endpoint serving `blocks` (its head the last); `failNext` throws that many times first. */
function serving(blocks: readonly ParliaRpcBlock[]) {
  const endpoint = {
    failNext: 0,
    request: async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      if (endpoint.failNext > 0) {
        endpoint.failNext--
        throw new RelayerError('endpoint down', { code: 'RPC_UNAVAILABLE', action: 'retry' })
      }
      if (method === 'eth_blockNumber') return numberToHex(blocks.length - 1)
      if (method === 'eth_getBlockByNumber') return blocks[Number(BigInt((params as [Hex])[0]))] ?? null // reason: hex
      throw new Error(`unexpected ${method}`)
    },
  }
  return endpoint
}

function feederWorld(endpoints: ReturnType<typeof serving>[]) {
  const urls = endpoints.map((_, i) => `https://bsc-${i}.example`)
  const world = {
    cursor: null as FeederCursor | null,
    runs: [] as ParliaHeaderRun[],
    pauses: [] as number[],
    onPause: () => {},
  }
  const silent = () => undefined
  const logger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, fatal: silent }
  const deps: ParliaFeederDeps = {
    rotation: createEndpointRotation({ endpoints, urls }, { now: () => 0 }),
    loadCursor: async () => world.cursor,
    saveCursor: async (c) => {
      world.cursor = c
    },
    publishRun: async (run) => {
      world.runs.push(run)
    },
    logger: { ...logger, child: () => logger } as never, // reason: the feeder only writes lines here
    sleep: async (ms) => {
      world.pauses.push(ms)
      world.onPause()
    },
  }
  return Object.assign(world, { deps })
}

/** Feeds until `until` holds at a pause (or a generous number of pauses). */
async function feedUntil(world: ReturnType<typeof feederWorld>, state: ParliaFeederState, until: () => boolean) {
  const stop = new AbortController()
  world.onPause = () => {
    if (until() || world.pauses.length > 100) stop.abort()
  }
  await runParliaFeeder(opts, world.deps, state, stop.signal)
  assert.ok(until(), `the feeder reached the expected state (${world.pauses.length} pauses)`)
}

const honest = sealedChain()
const runs = (world: { runs: ParliaHeaderRun[] }) => world.runs.map((r) => [r.from, r.headers.length])

describe('runParliaFeeder (in-memory endpoints, cursor and subject)', () => {
  it('feeds runs of headersPerMessage from feedFrom to the head, pausing only when caught up', async () => {
    const world = feederWorld([serving(honest)])
    await feedUntil(world, {}, () => world.cursor?.blockNumber === 12n)
    assert.deepEqual(runs(world), [
      [1, 4],
      [5, 4],
      [9, 4],
    ])
    assert.deepEqual(world.pauses, [100], 'the last full run is followed by an empty poll, then one interval')
  })

  it('backs off while the endpoint is down, then goes on', async () => {
    const endpoint = serving(honest)
    endpoint.failNext = 2
    const world = feederWorld([endpoint])
    await feedUntil(world, {}, () => world.cursor?.blockNumber === 12n)
    assert.deepEqual(world.pauses.slice(0, 2), [200, 400])
    assert.equal(world.runs.length, 3)
  })

  it('reads a run that does not fit together (RPC_DATA_INCONSISTENT) from each endpoint; the liar is demoted', async () => {
    const liar = serving(honest.map((b, i) => (i === 6 ? forged(b) : b)))
    const world = feederWorld([liar, serving(honest)])
    await feedUntil(world, {}, () => world.cursor?.blockNumber === 12n)
    assert.deepEqual(world.runs[1]?.headers.length, 4, 'the run holding block 6 was fed from the honest endpoint')
    assert.deepEqual(world.deps.rotation.ranked(), [1, 0])
  })

  it('feeds again from before the run holding a refused header (refeed)', async () => {
    const world = feederWorld([serving(honest)])
    const state: ParliaFeederState = {}
    await feedUntil(world, state, () => world.cursor?.blockNumber === 12n)
    world.runs.length = 0
    state.refeedFrom = 7n
    await feedUntil(world, state, () => world.cursor?.blockNumber === 12n && world.runs.length > 0)
    assert.deepEqual(runs(world)[0], [4, 4], 'refused at 7: the run 4-7 is fed again')
    assert.equal(state.refeedFrom, undefined)
  })

  it('stops loudly on a fatal error, with its code', async () => {
    const endpoint = serving(honest)
    const world = feederWorld([endpoint])
    world.deps.loadCursor = () => Promise.reject(new RelayerError('bad', { code: 'CONFIG_INVALID', action: 'fatal' }))
    await assert.rejects(runParliaFeeder(opts, world.deps, {}, new AbortController().signal), (error) =>
      isRelaymeshError(error, 'CONFIG_INVALID'),
    )
  })
})
