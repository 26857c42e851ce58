import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { createEndpointRotation } from '../endpoints/createEndpointRotation.js'
import {
  pollEvmWatcher,
  type EvmWatcherDeps,
  type EvmWatcherOptions,
  type EvmWatcherState,
  type WatcherRpc,
} from './runEvmWatcher.js'
import { fakeHeaderChain } from './testing/fakeHeaderChain.js'
import { watcherTestOptions } from './testing/watcherTestOptions.js'

const opts: EvmWatcherOptions = watcherTestOptions

/**
 * A chain with no Dispatch logs whose head is `head.value` (real header hashes and links); counts every RPC call and
 * cursor read. Blocks from `fork.at` on hash differently once `fork.salt` is set (a reorg); blocks in `bloomed` carry
 * the Outbox's Dispatch in their bloom while `eth_getLogs` never names them (a node leaving them out).
 */
function fakeChain(
  head: { value: bigint },
  fork: { at: bigint; salt: bigint } = { at: 0n, salt: 0n },
  bloomed: ReadonlySet<bigint> = new Set(),
  clock: { now: number } = { now: 0 },
) {
  const headers = fakeHeaderChain({ fork, bloomed, outbox: opts.outbox })
  const calls: string[] = []
  let cursor: { number: bigint; hash: Hex } | undefined
  const deps: EvmWatcherDeps = {
    rpc: {
      async request({ method, params }) {
        calls.push(method)
        if (method === 'eth_blockNumber') return `0x${head.value.toString(16)}`
        if (method === 'eth_getLogs') return []
        if (method === 'eth_getBlockByNumber') return headers.byNumber(BigInt((params as [Hex])[0]))
        if (method === 'eth_getBlockByHash') return headers.byHash((params as [Hex])[0])
        if (method === 'eth_getBlockReceipts') return []
        throw new Error(`unexpected ${method}`)
      },
    },
    loadCursor: async () => {
      calls.push('loadCursor')
      return cursor
    },
    saveCursor: async (c) => {
      calls.push('saveCursor')
      cursor = c
    },
    publish: async () => undefined,
    recordRejections: async () => undefined,
    sleep: async () => undefined,
    observe: () => undefined,
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: () => calls.push('reorg logged'),
      child() {
        return this
      },
    } as never, // reason: the poll only logs on reorgs
    now: () => clock.now,
  }
  return { deps, calls, headers, cursor: () => cursor }
}

describe('pollEvmWatcher', () => {
  it('reads one block number and nothing else while no new block is safe (idle cost per poll)', async () => {
    const head = { value: 10n }
    const chain = fakeChain(head)
    const state: EvmWatcherState = {}
    assert.deepEqual(await pollEvmWatcher(opts, chain.deps, state), { from: 0n, to: 8n, blocks: 0, messages: 0 })
    chain.calls.length = 0
    for (let i = 0; i < 5; i++) assert.equal(await pollEvmWatcher(opts, chain.deps, state), undefined)
    assert.deepEqual(chain.calls, Array(5).fill('eth_blockNumber'), 'idle polls: one RPC each, no cursor query')
    head.value = 11n
    assert.deepEqual(await pollEvmWatcher(opts, chain.deps, state), { from: 9n, to: 9n, blocks: 0, messages: 0 })
    assert.equal(chain.cursor()?.number, 9n)
  })

  it('keeps reading after a partial range (more blocks than one poll takes)', async () => {
    const head = { value: 252n }
    const chain = fakeChain(head)
    const state: EvmWatcherState = {}
    assert.equal((await pollEvmWatcher(opts, chain.deps, state))?.to, 99n)
    assert.equal((await pollEvmWatcher(opts, chain.deps, state))?.to, 199n)
    assert.equal((await pollEvmWatcher(opts, chain.deps, state))?.to, 250n)
    assert.equal(await pollEvmWatcher(opts, chain.deps, state), undefined)
  })

  it('per new empty block: reads the block and writes the cursor, no logs (its bloom names no Dispatch)', async () => {
    const head = { value: 10n }
    const chain = fakeChain(head)
    const state: EvmWatcherState = {}
    await pollEvmWatcher(opts, chain.deps, state)
    for (const next of [11n, 12n, 13n]) {
      head.value = next
      chain.calls.length = 0
      assert.equal((await pollEvmWatcher(opts, chain.deps, state))?.to, next - 2n)
      assert.deepEqual(chain.calls, ['eth_blockNumber', 'eth_getBlockByNumber', 'saveCursor'])
    }
  })

  it('a new block whose bloom names the Outbox Dispatch is asked for its logs and read', async () => {
    const head = { value: 10n }
    const chain = fakeChain(head, undefined, new Set([9n]))
    const state: EvmWatcherState = {}
    await pollEvmWatcher(opts, chain.deps, state)
    head.value = 11n
    chain.calls.length = 0
    assert.equal((await pollEvmWatcher(opts, chain.deps, state))?.to, 9n)
    assert.ok(chain.calls.includes('eth_getLogs'), chain.calls.join(', '))
  })

  it('idle with a cursor lag: an empty block costs a block number and a header; the cursor is stored once per lag', async () => {
    const head = { value: 10n }
    const clock = { now: 0 }
    const chain = fakeChain(head, undefined, undefined, clock)
    const lagged = { ...opts, maxCursorLagMs: 5_000 }
    const state: EvmWatcherState = {}
    await pollEvmWatcher(lagged, chain.deps, state)
    assert.equal(chain.cursor()?.number, 8n, 'the first poll of the process stores its cursor')
    chain.calls.length = 0
    for (let next = 11n; next <= 20n; next++) {
      head.value = next
      clock.now += 1_000 // a block a second
      assert.equal((await pollEvmWatcher(lagged, chain.deps, state))?.to, next - 2n)
    }
    const count = (method: string) => chain.calls.filter((c) => c === method).length
    assert.equal(count('eth_blockNumber'), 10)
    assert.equal(count('eth_getBlockByNumber'), 10)
    assert.equal(count('eth_getLogs'), 0)
    assert.equal(count('saveCursor'), 2, 'stored at 5 s and 10 s of empty blocks, not per block')
    assert.equal(chain.cursor()?.number, 18n)
    assert.equal(state.cursor?.number, 18n, 'the watcher goes on from its own cursor')
  })

  it('a trailing cursor is stored once due even when no new block comes (a stalled node)', async () => {
    const head = { value: 10n }
    const clock = { now: 0 }
    const chain = fakeChain(head, undefined, undefined, clock)
    const lagged = { ...opts, maxCursorLagMs: 5_000 }
    const state: EvmWatcherState = {}
    await pollEvmWatcher(lagged, chain.deps, state)
    head.value = 12n
    clock.now += 1_000
    await pollEvmWatcher(lagged, chain.deps, state)
    assert.equal(chain.cursor()?.number, 8n, 'empty blocks: the stored cursor trails')
    assert.equal(state.cursor?.number, 10n)
    clock.now += 2_000
    await pollEvmWatcher(lagged, chain.deps, state)
    assert.equal(chain.cursor()?.number, 8n, 'not due yet')
    clock.now += 3_000
    await pollEvmWatcher(lagged, chain.deps, state)
    assert.equal(chain.cursor()?.number, 10n, 'due: stored with no new block')
    chain.calls.length = 0
    clock.now += 10_000
    await pollEvmWatcher(lagged, chain.deps, state)
    assert.deepEqual(chain.calls, ['eth_blockNumber'], 'nothing trails any more: no write')
  })

  it('rewinds when the next block does not name the cursor as its parent (a reorg below the finality depth)', async () => {
    const head = { value: 100n }
    const fork = { at: 90n, salt: 0n }
    const chain = fakeChain(head, fork)
    const state: EvmWatcherState = {}
    assert.equal((await pollEvmWatcher({ ...opts, maxReorgDepth: 16 }, chain.deps, state))?.to, 98n)
    fork.salt = 1n
    head.value = 101n
    chain.calls.length = 0
    assert.deepEqual(await pollEvmWatcher({ ...opts, maxReorgDepth: 16 }, chain.deps, state), {
      from: 83n,
      to: 99n,
      blocks: 0,
      messages: 0,
    })
    assert.ok(chain.calls.includes('reorg logged'))
    assert.equal(chain.cursor()?.hash, chain.headers.byNumber(99n).hash)
  })

  it('reads a block whose header bloom names the Outbox Dispatch although eth_getLogs left it out', async () => {
    const head = { value: 20n }
    const chain = fakeChain(head, undefined, new Set([7n]))
    const state: EvmWatcherState = {}
    assert.deepEqual(await pollEvmWatcher(opts, chain.deps, state), { from: 0n, to: 18n, blocks: 1, messages: 0 })
    assert.ok(chain.calls.includes('eth_getBlockReceipts'), 'the left-out block was read')
    assert.ok(
      !chain.calls.includes('reorg logged'),
      'the read found no message (a false positive of the bloom): nothing to log as lost',
    )
  })
  it('a range whose logs name a block not in it is read again from each endpoint; the endpoint that said so is demoted', async () => {
    const head = { value: 10n }
    const honest = fakeChain(head)
    const lines: Array<Record<string, unknown>> = []
    // The first endpoint's eth_getLogs names a block that is not one of the range's headers (a lying node).
    const liar: WatcherRpc = {
      request: async (args) =>
        args.method === 'eth_getLogs'
          ? [{ blockHash: `0x${'de'.repeat(32)}`, blockNumber: '0x3' }]
          : honest.deps.rpc.request(args),
    }
    const rotation = createEndpointRotation(
      { endpoints: [liar, honest.deps.rpc], urls: ['https://liar.example/v2/KEY', 'https://honest.example'] },
      { now: () => 0 },
    )
    const log = (fields: Record<string, unknown>) => void lines.push(fields)
    const deps: EvmWatcherDeps = {
      ...honest.deps,
      rpc: rotation.rpc,
      endpoints: rotation,
      logger: { ...honest.deps.logger, warn: log, error: log } as never, // reason: the poll only logs lines here
    }
    assert.deepEqual(await pollEvmWatcher(opts, deps, {}), { from: 0n, to: 8n, blocks: 0, messages: 0 })
    assert.equal(honest.cursor()?.hash, honest.headers.byNumber(8n).hash, 'the cursor moved on the honest answer')
    assert.deepEqual(rotation.ranked(), [1, 0], 'the liar is read last from now on')
    assert.deepEqual(
      lines.filter((l) => l.code === 'RPC_DATA_INCONSISTENT').map((l) => l.endpoint),
      ['https://liar.example/[redacted]'],
    )
  })
})
