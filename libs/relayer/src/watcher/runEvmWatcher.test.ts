// The EVM watcher's loop on an in-memory chain, store and bus (`testing/createInMemoryWatcher`): no Postgres, NATS or
// chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { bytesToHex } from '@relaymesh/protocol'
import { RelayerError } from '../RelayerError.js'
import { runEvmWatcher } from './runEvmWatcher.js'
import { createInMemoryWatcher, type InMemoryWatcher } from './testing/createInMemoryWatcher.js'
import { watcherTestOptions } from './testing/watcherTestOptions.js'

const opts = { ...watcherTestOptions, maxBlocksPerPoll: 4, pollIntervalMs: 100 }

/** Runs the loop until `until` holds at a pause; fails after a generous number of pauses. */
async function watchUntil(world: InMemoryWatcher, until: () => boolean, options = opts): Promise<void> {
  const stop = new AbortController()
  world.onPause = () => {
    if (until() || world.pauses.length > 200) stop.abort()
  }
  await runEvmWatcher(options, world.deps, stop.signal)
  assert.ok(until(), `the watcher reached the expected state (${world.pauses.length} pauses)`)
}

describe('runEvmWatcher (in-memory chain, store and bus)', () => {
  it('publishes every message block up to the safe head in order, catching up without pausing', async () => {
    const world = createInMemoryWatcher({
      opts,
      blocks: 12,
      messages: new Map([
        [2n, { count: 2 }],
        [7n, { count: 1 }],
        [10n, { count: 3 }], // not safe yet: head 11, two confirmations
      ]),
    })
    await watchUntil(world, () => world.cursor?.number === 9n)
    assert.deepEqual(
      world.published.map((p) => [p.blockNumber, p.messageCount]),
      [
        ['2', 2],
        ['7', 1],
      ],
    )
    assert.equal(world.cursor?.hash, world.chain[9]?.block.hash)
    // Blocks 0-3 and 4-7 are full ranges (no pause), 8-9 a short one (one interval).
    assert.deepEqual(world.pauses, [100])
    assert.deepEqual(world.rejections, [])
  })

  it('backs off on a retryable RPC failure and goes on from its cursor', async () => {
    const world = createInMemoryWatcher({ opts, blocks: 8, messages: new Map([[3n, { count: 1 }]]) })
    world.failNext.set('eth_getLogs', {
      times: 2,
      error: () => new RelayerError('node down', { code: 'RPC_UNAVAILABLE', action: 'retry' }),
    })
    await watchUntil(world, () => world.cursor?.number === 5n)
    assert.deepEqual(world.pauses.slice(0, 2), [200, 400], 'two failures: backoff doubles')
    assert.deepEqual(
      world.published.map((p) => p.blockNumber),
      ['3'],
      'published once the node answered',
    )
  })

  it('stops loudly on a fatal error, with its code', async () => {
    const world = createInMemoryWatcher({ opts, blocks: 8, messages: new Map() })
    world.failNext.set('eth_blockNumber', {
      times: 1,
      error: () => new RelayerError('bad config', { code: 'CONFIG_INVALID', action: 'fatal' }),
    })
    await assert.rejects(runEvmWatcher(opts, world.deps, new AbortController().signal), (error) =>
      isRelaymeshError(error, 'CONFIG_INVALID'),
    )
    assert.equal(world.cursor, undefined)
  })

  it('rejects the messages of a receipt too large for one bus message with RECEIPT_TOO_LARGE and goes on', async () => {
    const world = createInMemoryWatcher({
      opts,
      blocks: 8,
      messages: new Map([
        [1n, { count: 1, payloadBytes: 4_000 }],
        [4n, { count: 1 }],
      ]),
    })
    await watchUntil(world, () => world.cursor?.number === 5n, { ...opts, maxBundleBytes: 2_000 })
    assert.deepEqual(
      world.rejections.map((r) => [r.stage, r.reasonCode, r.origin]),
      [['watch', 'RECEIPT_TOO_LARGE', opts.origin]],
    )
    assert.equal(bytesToHex(world.rejections[0]?.blockHash as Uint8Array), world.chain[1]?.block.hash) // reason: set
    assert.deepEqual(
      world.published.map((p) => p.blockNumber),
      ['4'],
      'the next message block is published',
    )
  })

  it('rewinds and publishes again after a reorg below the finality depth', async () => {
    const world = createInMemoryWatcher({ opts, blocks: 8, messages: new Map([[2n, { count: 1 }]]) })
    await watchUntil(world, () => world.cursor?.number === 5n)
    // The stored cursor names a block the chain no longer has at that height.
    world.cursor = { number: 5n, hash: `0x${'ee'.repeat(32)}` }
    world.pauses.length = 0
    world.published.length = 0
    const reread = createInMemoryWatcher({ opts, blocks: 9, messages: new Map([[2n, { count: 1 }]]) })
    Object.assign(world.deps, { rpc: reread.deps.rpc })
    await watchUntil(world, () => world.cursor?.number === 6n, { ...opts, maxReorgDepth: 4 })
    assert.deepEqual(
      world.published.map((p) => p.blockNumber),
      ['2'],
      'rewound to block 1: block 2 is published again',
    )
  })
})
