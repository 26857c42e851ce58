import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { pollEvmWatcher, type EvmWatcherDeps, type EvmWatcherOptions, type EvmWatcherState } from './runEvmWatcher.js'

const opts: EvmWatcherOptions = { origin: 31337, outbox: '0x00000000000000000000000000000000000000aa', confirmations: 2, startBlock: 0n, maxBlocksPerPoll: 100, pollIntervalMs: 100, maxReorgDepth: 64, maxBundleBytes: 1 << 20 }
const hashOf = (n: bigint): Hex => `0x${n.toString(16).padStart(64, '0')}`

/** A chain with no Dispatch logs whose head is `head.value`; counts every RPC call and cursor read. */
function fakeChain(head: { value: bigint }) {
  const calls: string[] = []
  let cursor: { number: bigint; hash: Hex } | undefined
  const deps: EvmWatcherDeps = {
    rpc: {
      async request({ method, params }) {
        calls.push(method)
        if (method === 'eth_blockNumber') return `0x${head.value.toString(16)}`
        if (method === 'eth_getLogs') return []
        if (method === 'eth_getBlockByNumber') {
          const n = BigInt((params as [Hex])[0])
          return { number: `0x${n.toString(16)}`, hash: hashOf(n), parentHash: hashOf(n - 1n) }
        }
        throw new Error(`unexpected ${method}`)
      },
    },
    loadCursor: async () => {
      calls.push('loadCursor')
      return cursor
    },
    saveCursor: async (c) => void (cursor = c),
    publish: async () => undefined,
    observe: () => undefined,
    logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this } } as never, // reason: the poll only logs on reorgs
    now: () => 0,
  }
  return { deps, calls, cursor: () => cursor }
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
})
