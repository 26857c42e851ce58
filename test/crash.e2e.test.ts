// Crash recovery end to end: three relayers (threshold 2) carry 150 token transfers each way while
// r1's watcher, verifier and settler are SIGKILLed mid-run and restarted with the same config.
// r1 proposes for both destinations, so its settler is the only submitter and executor.
// Every message must still execute exactly once on chain and be stored exactly once per relayer.
// The mesh and its process control, the traffic and the exactly-once checks live beside it, in crash/.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { addressToBytes32 } from '@relaymesh/protocol'
import { WAIT_DEADLINE_MS, waitUntil } from '../libs/relayer/src/testing/testInfra.js'
import { assertExecutedOnceOnChain } from './crash/assertExecutedOnceOnChain.js'
import { assertNoDoubleSubmission } from './crash/assertNoDoubleSubmission.js'
import { assertStoredOnceEverywhere } from './crash/assertStoredOnceEverywhere.js'
import { createCrashHarness, type InFlightTx } from './crash/createCrashHarness.js'
import { dispatchedBy } from './crash/dispatchedBy.js'
import { sendRoute, type RouteTraffic } from './crash/sendRoute.js'

const PER_ROUTE = 150
const TICKS = 15
const TICK_MS = 650
const AMOUNT = 10n ** 15n
const traffic: RouteTraffic = { perRoute: PER_ROUTE, ticks: TICKS, tickMs: TICK_MS, amount: AMOUNT }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// No suite timeout: seven relayer processes (and three restarts) each compile TypeScript first, tens of seconds
// apiece on busy cores. The runner's per-file budget bounds a hang; every wait below has its own deadline.
describe('relayer crash recovery end to end', () => {
  const h = createCrashHarness(['r1', 'r2', 'r3'])
  const { unexpectedExits } = h

  before(() => h.start())
  after(() => h.stop())

  test('SIGKILL of watcher, verifier and settler mid-run: every message executed exactly once, stored once', async (t) => {
    const { mesh } = h
    assert.ok(mesh)
    const { ethereum, bsc } = mesh.bridges
    const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
    const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')

    await h.waitForServices()

    // Traffic for ~10 s; crashes at different moments while it flows.
    const start = Date.now()
    const crashes: string[] = []
    let inFlight: InFlightTx | undefined
    const chaos = async () => {
      const at = () => `+${Date.now() - start} ms`
      // The settler first, when it holds a submitBatch signed and not yet mined (any tx in flight, failing that):
      // restarts are slow on a loaded machine, and its work only starts once the pipeline delivers batches.
      await sleep(start + 1_500 - Date.now())
      inFlight = await h.waitForInFlightTx(start + 20_000)
      crashes.push(
        `settler killed at ${at()} with ` +
          `${
            inFlight
              ? `${inFlight.kind} ${inFlight.state} (batch ${inFlight.batchIndex} to ${inFlight.chain})`
              : 'nothing'
          } in flight`,
      )
      const settler = h.crashAndRestart('settler', 1_000)
      await sleep(Math.max(1_000, start + 5_000 - Date.now()))
      crashes.push(`watcher killed at ${at()}`)
      const watcher = h.crashAndRestart('watcher', 1_000)
      await sleep(Math.max(1_500, start + 7_500 - Date.now()))
      crashes.push(`verifier killed at ${at()}`)
      await Promise.all([settler, watcher, h.crashAndRestart('verifier', 1_000)])
    }
    const [ethHashes, bscHashes] = await Promise.all([
      sendRoute(mesh, traffic, { from: ethereum, to: bsc, recipient: alice, start }),
      sendRoute(mesh, traffic, { from: bsc, to: ethereum, recipient: bob, start }),
      chaos(),
    ])
    t.diagnostic(`sent ${2 * PER_ROUTE} in ${Date.now() - start} ms; ${crashes.join('; ')}`)
    assert.ok(ethHashes && bscHashes)

    const sent = [...(await dispatchedBy(ethereum, ethHashes)), ...(await dispatchedBy(bsc, bscHashes))]
    assert.equal(new Set(sent.map((s) => s.id)).size, 2 * PER_ROUTE, 'every dispatch has its own id')

    // Totals first: each recipient credited exactly PER_ROUTE times.
    const settled = await waitUntil(
      async () => {
        if (unexpectedExits.length > 0) return 'crashed' as const
        const [a, b] = await Promise.all([
          bsc.token.read.balanceOf([`0x${alice.slice(26)}`]),
          ethereum.token.read.balanceOf([`0x${bob.slice(26)}`]),
        ])
        return a === AMOUNT * BigInt(PER_ROUTE) && b === AMOUNT * BigInt(PER_ROUTE) ? ('ok' as const) : undefined
      },
      'both recipients credited 150 times',
      WAIT_DEADLINE_MS,
      250,
    )
    assert.deepEqual(unexpectedExits, [], 'no service exited unless we killed it')
    assert.equal(settled, 'ok')
    t.diagnostic(`all executed on chain ${Date.now() - start} ms after traffic started`)
    const [hops] = await h.query<Record<string, number>>(
      'r1',
      `SELECT ${['observed', 'verified', 'batched', 'settled', 'executed']
        .map((hop) => `round(extract(epoch from max(${hop}_at)) * 1000 - $1) AS ${hop}`)
        .join(', ')} FROM messages`,
      [start],
    )
    t.diagnostic(`r1 last hop times (ms after start): ${JSON.stringify(hops)}`)

    await assertExecutedOnceOnChain(mesh, sent, PER_ROUTE)
    await assertStoredOnceEverywhere(h, sent, PER_ROUTE)
    await assertNoDoubleSubmission(h, inFlight)
    assert.deepEqual(unexpectedExits, [], 'no service exited unless we killed it')
  })
})
