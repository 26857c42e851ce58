// The beacon feeder's loop on an in-memory beacon API and finality subject: no beacon node or NATS.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createEthereumLightClientConfig } from '@relaymesh/light-client/config'
import type { BeaconApiObject } from './beaconApi.js'
import type { BeaconFeederDeps } from './BeaconFeederDeps.js'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'
import { runBeaconFeeder, type BeaconFeederOptions } from './runBeaconFeeder.js'

// The minimal preset: 64 slots per sync-committee period.
const opts: BeaconFeederOptions = {
  origin: 1,
  trustedBlockRoot: `0x${'11'.repeat(32)}`,
  pollIntervalMs: 100,
  lcConfig: createEthereumLightClientConfig({
    preset: 'minimal',
    chainConfig: { GENESIS_FORK_VERSION: new Uint8Array(4) },
  }),
}

const update = (slot: number): BeaconApiObject => ({
  version: 'deneb',
  data: {
    attested_header: { beacon: { slot: String(slot) } },
    finalized_header: { beacon: { slot: String(slot - 16) } },
    signature_slot: String(slot + 1),
  },
})

/** A beacon node whose best updates are `updates` (by period) and whose finality update the test moves. */
function beaconWorld() {
  const world = {
    updates: [update(70)] as BeaconApiObject[],
    finality: update(80) as BeaconApiObject | null,
    asked: [] as string[],
    published: [] as BeaconUpdateMessage[],
    failNext: 0,
    pauses: 0,
    onPause: () => {},
    warnings: [] as unknown[],
  }
  const silent = () => undefined
  const logger = {
    trace: silent,
    debug: silent,
    info: silent,
    error: silent,
    fatal: silent,
    warn: (f: unknown) => void world.warnings.push(f),
  }
  const fail = () => {
    if (world.failNext === 0) return
    world.failNext--
    throw new Error('beacon node down')
  }
  const deps: BeaconFeederDeps = {
    api: {
      bootstrap: async () => {
        world.asked.push('bootstrap')
        fail()
        return { version: 'deneb', data: { header: { beacon: { slot: '65' } } } }
      },
      updates: async (start) => {
        world.asked.push(`updates@${start}`)
        return world.updates
      },
      finalityUpdate: async () => {
        world.asked.push('finality')
        return world.finality
      },
    },
    publishUpdate: async (message) => {
      world.published.push(message)
    },
    logger: { ...logger, child: () => logger } as never, // reason: the feeder only writes lines here
    sleep: async () => {
      world.pauses++
      world.onPause()
    },
  }
  return Object.assign(world, { deps })
}

/** Runs one feeder for `polls` polls; `between[i]` runs after poll i + 1 (the node moving on). */
async function feedPolls(
  world: ReturnType<typeof beaconWorld>,
  polls: number,
  between: Record<number, () => void> = {},
) {
  const stop = new AbortController()
  world.onPause = () => {
    between[world.pauses]?.()
    if (world.pauses >= polls) stop.abort()
  }
  await runBeaconFeeder(opts, world.deps, stop.signal)
}

const kinds = (world: { published: BeaconUpdateMessage[] }) =>
  world.published.map(
    (m) => `${m.kind}@${(m.data as { attested_header: { beacon: { slot: string } } }).attested_header.beacon.slot}`,
  ) // reason: update()'s shape

describe('runBeaconFeeder (in-memory beacon API and subject)', () => {
  it('first poll: bootstrap period, its updates before the finality update; idle polls publish and read nothing new', async () => {
    const world = beaconWorld()
    await feedPolls(world, 5)
    assert.deepEqual(world.asked.slice(0, 4), ['bootstrap', 'finality', 'updates@1', 'finality'])
    assert.deepEqual(kinds(world), ['update@70', 'finality_update@80'])
    assert.equal(
      world.asked.filter((a) => a.startsWith('updates')).length,
      1,
      'no updates read while finality stays in the period',
    )
  })

  it('reads the updates again when finality moves into a new period, and follows their period', async () => {
    const world = beaconWorld()
    await feedPolls(world, 5, {
      2: () => {
        world.updates = [update(70), update(140)]
        world.finality = update(150) // period 2: the feeder holds period 1's committee
      },
      4: () => {
        world.finality = update(200) // period 3
      },
    })
    assert.deepEqual(kinds(world), [
      'update@70',
      'finality_update@80',
      'update@140',
      'finality_update@150',
      'finality_update@200',
    ])
    assert.deepEqual(
      world.asked.filter((a) => a.startsWith('updates')),
      ['updates@1', 'updates@1', 'updates@2'],
      'asked again from the period the last update attested to',
    )
  })

  it('logs a failed poll and polls again after the same interval', async () => {
    const world = beaconWorld()
    world.failNext = 2
    await feedPolls(world, 3)
    assert.equal(world.warnings.length, 2)
    assert.deepEqual(kinds(world), ['update@70', 'finality_update@80'])
  })
})
