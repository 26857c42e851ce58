// The EVM watcher over a real anvil, paced by its newHeads subscription: an idle chain costs a block number and a
// header per block (no timer polls, no logs), and a message sent after an idle stretch is published on its block's
// wake. The poll interval and the fallback are set far above the waits' deadlines, so only a wake can meet them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { deployBridge, devAccounts, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { pad, toHex, type Hex } from 'viem'
import { waitUntil } from '../testing/testInfra.js'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import { createHeadSignal, type HeadSignal } from './createHeadSignal.js'
import type { EvmWatcherDeps, EvmWatcherOptions, WatcherCursor } from './EvmWatcherDeps.js'
import { runEvmWatcher } from './runEvmWatcher.js'
import { watcherTestOptions } from './testing/watcherTestOptions.js'

const [pauser, relayer] = devAccounts(2)
/** Far above every wait below: a watcher that met a wait was woken by a head, not by its timer. */
const POLL_MS = 120_000
const WAKE_DEADLINE_MS = 60_000

describe('EVM watcher woken by newHeads (real anvil)', { timeout: 600_000 }, () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let heads: HeadSignal
  const stop = new AbortController()
  const calls: string[] = []
  const published: BlockBundleWire[] = []
  let saved: WatcherCursor | undefined
  let done: Promise<void>

  before(async () => {
    chain = await startAnvil({ chainId: 31337 }) // automine: a block per transaction, none without traffic
    bridge = await deployBridge(chain, { relayers: [relayer!.address], threshold: 1, pauser: pauser!.address })
    heads = createHeadSignal({ wsUrl: chain.wsUrl, signal: stop.signal })
    const sleeper = heads.sleeper()
    const silent = () => undefined
    const logger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, fatal: silent }
    const deps: EvmWatcherDeps = {
      rpc: {
        request: async (args) => {
          calls.push(args.method)
          // reason: viem's request is typed per method; the watcher passes plain JSON-RPC
          return chain.publicClient.request(args as never)
        },
      },
      loadCursor: async () => saved,
      saveCursor: async (c) => {
        saved = c
      },
      publish: async (parts) => {
        published.push(...parts)
      },
      recordRejections: async () => undefined,
      observe: () => undefined,
      logger: { ...logger, child: () => logger } as never, // reason: the loop only writes lines
      now: () => Date.now(),
      sleep: (ms, signal) => sleeper.sleep(ms, signal),
      wakeLive: () => heads.live(),
    }
    const opts: EvmWatcherOptions = {
      ...watcherTestOptions,
      origin: chain.chainId,
      outbox: bridge.addresses.outbox.toLowerCase() as Hex, // reason: a 20-byte address, lower-cased
      confirmations: 0,
      startBlock: await chain.publicClient.getBlockNumber(),
      pollIntervalMs: POLL_MS,
      idlePollMs: POLL_MS,
    }
    await waitUntil(async () => (heads.live() ? true : undefined), 'the newHeads subscription', WAKE_DEADLINE_MS)
    done = runEvmWatcher(opts, deps, stop.signal)
    await waitUntil(async () => saved, 'the first poll', WAKE_DEADLINE_MS)
  })

  after(async () => {
    stop.abort()
    await done
    await chain?.stop()
  })

  it('idle: each empty block costs one block number and one header, no logs and no timer polls', async () => {
    const blocks = 5
    calls.length = 0
    for (let i = 0; i < blocks; i++) {
      await chain.testClient.mine({ blocks: 1 })
      const mined = await chain.publicClient.getBlockNumber()
      await waitUntil(
        async () => (saved && saved.number >= mined ? true : undefined),
        `the watcher at block ${mined}`,
        WAKE_DEADLINE_MS,
      )
    }
    const count = (method: string) => calls.filter((c) => c === method).length
    assert.equal(count('eth_getBlockByNumber'), blocks, calls.join(', '))
    assert.equal(count('eth_getLogs'), 0, 'empty blooms ask for no logs')
    // One head read per block; a head that lands while a poll runs may add one poll (its wake is kept for the next
    // sleep), never a timer's.
    assert.ok(count('eth_blockNumber') >= blocks && count('eth_blockNumber') <= 2 * blocks, calls.join(', '))
    assert.deepEqual(published, [])
  })

  it('a message sent after the idle stretch is published on its block wake', async () => {
    const hash = await bridge.outbox.write.dispatch([31356, pad(bridge.addresses.noopRecipient), toHex('after idle')], {
      account: pauser!,
    })
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    await waitUntil(async () => (published.length > 0 ? true : undefined), 'the message published', WAKE_DEADLINE_MS)
    assert.equal(
      published.reduce((n, p) => n + p.messageCount, 0),
      1,
    )
    assert.equal(published[0]?.blockNumber, receipt.blockNumber.toString())
    assert.ok(calls.includes('eth_getLogs'), 'a block whose bloom names the Dispatch is asked for its logs')
  })
})
