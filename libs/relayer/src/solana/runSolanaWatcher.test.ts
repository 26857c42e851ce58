// The Solana watcher's loop on fake deps (no Solana RPC, Postgres or NATS): pacing, failures, wake-ups.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { domains } from '@relaymesh/protocol'
import { RelayerError } from '../RelayerError.js'
import type { SolanaWatcherDeps } from './pollSolanaWatcher.js'
import { runSolanaWatcher } from './runSolanaWatcher.js'
import { solanaChainSchema } from './solanaChainSchema.js'

const feeAccount = '11111111111111111111111111111112'
const config = solanaChainSchema.parse({
  domain: domains.solanaLocal,
  name: 'solana-test',
  rpcUrl: 'http://127.0.0.1:1',
  feeAccount,
  pollIntervalMs: 400,
  committee: {
    schedule: [{ fromEpoch: 0, members: [{ pubkey: feeAccount, stake: 1 }] }],
    signerUrls: ['http://127.0.0.1:1'],
  },
})

/** A chain finalized at slot 100 with the cursor there (nothing to read); `failNext` getSlot calls throw `error`. */
function solanaWorld() {
  const world = {
    failNext: 0,
    error: (): Error => new RelayerError('rpc down', { code: 'RPC_UNAVAILABLE', action: 'retry' }),
    pauses: [] as number[],
    warnings: [] as unknown[],
    woken: [] as boolean[],
    onPause: (): void => undefined,
    onGetSlot: (): void => undefined,
  }
  const deps = {
    request: async (method: string) => {
      if (method !== 'getSlot') throw new Error(`unexpected ${method}`)
      world.onGetSlot()
      if (world.failNext > 0) {
        world.failNext--
        throw world.error()
      }
      return 100
    },
    loadCursor: async () => ({ slot: 100, messagesBefore: 0 }),
  } as unknown as SolanaWatcherDeps // reason: an idle poll reads the finalized slot and the cursor only
  const silent = () => undefined
  let wake = new AbortController()
  const loop = (stop: AbortSignal) => ({
    logger: {
      trace: silent,
      debug: silent,
      info: silent,
      error: silent,
      fatal: silent,
      warn: (f: unknown) => void world.warnings.push(f),
    } as never, // reason: lines only
    sleep: async (ms: number, signal: AbortSignal) => {
      world.pauses.push(ms)
      world.woken.push(signal.aborted)
      world.onPause()
    },
    wakeSignal: () => (wake = new AbortController()).signal,
    signal: stop,
  })
  return Object.assign(world, { deps, loop, wake: () => wake.abort() })
}

async function watchPolls(world: ReturnType<typeof solanaWorld>, polls: number) {
  const stop = new AbortController()
  const inner = world.onPause
  world.onPause = () => {
    inner()
    if (world.pauses.length >= polls) stop.abort()
  }
  await runSolanaWatcher(config, world.deps, world.loop(stop.signal))
}

describe('runSolanaWatcher (fake deps)', () => {
  it('idle: one interval between polls', async () => {
    const world = solanaWorld()
    await watchPolls(world, 3)
    assert.deepEqual(world.pauses, [400, 400, 400])
  })

  it('backs off on failures, warns from the fourth, and is back to one interval once a poll works', async () => {
    const world = solanaWorld()
    world.failNext = 5
    await watchPolls(world, 7)
    assert.deepEqual(world.pauses, [400, 800, 1_600, 3_200, 6_400, 400, 400])
    assert.equal(world.warnings.length, 2, 'failures 4 and 5')
    // reason: the warn line's fields
    assert.ok(world.warnings.every((w) => isRelaymeshError((w as { err: unknown }).err, 'RPC_UNAVAILABLE')))
  })

  it('a logs notification ends the pause at once', async () => {
    const world = solanaWorld()
    world.onPause = () => undefined
    let first = true
    const stop = new AbortController()
    const loop = world.loop(stop.signal)
    const wakeSignal = loop.wakeSignal
    loop.wakeSignal = () => {
      const signal = wakeSignal()
      if (first) world.wake() // a notification arrives as the first pause begins
      first = false
      return signal
    }
    world.onPause = () => {
      if (world.pauses.length >= 2) stop.abort()
    }
    await runSolanaWatcher(config, world.deps, loop)
    assert.deepEqual(world.woken, [true, false])
  })

  it('a logs notification while a poll runs ends the pause after it at once', async () => {
    const world = solanaWorld()
    let polls = 0
    world.onGetSlot = () => {
      if (++polls === 1) world.wake() // the notification arrives while the first poll reads the chain
    }
    await watchPolls(world, 2)
    assert.deepEqual(world.woken, [true, false])
  })

  it('stops loudly on a fatal error, with its code', async () => {
    const world = solanaWorld()
    world.failNext = 1
    world.error = () => new RelayerError('bad config', { code: 'CONFIG_INVALID', action: 'fatal' })
    await assert.rejects(runSolanaWatcher(config, world.deps, world.loop(new AbortController().signal)), (error) =>
      isRelaymeshError(error, 'CONFIG_INVALID'),
    )
  })
})
