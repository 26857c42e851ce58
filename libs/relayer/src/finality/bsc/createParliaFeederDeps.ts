import { publish, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { sleep } from '@relaymesh/errors'
import { getCursor, setCursor, type StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { EndpointRotation } from '../../endpoints/createEndpointRotation.js'
import { parliaHeadersCodec } from './parliaHeadersCodec.js'
import type { ParliaFeederDeps } from './ParliaFeederDeps.js'
import type { HeadSignal } from '../../watcher/createHeadSignal.js'

export const PARLIA_FEEDER_CURSOR = 'parlia-feeder'

export type CreateParliaFeederDepsParameters = {
  origin: number
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  logger: Logger
  rotation: EndpointRotation
  /** The chain's new blocks as wake-ups (absent: timers only). */
  heads?: HeadSignal | undefined
}

/**
 * A Parlia feeder's IO on the relayer: the chain's endpoint rotation, its `parlia-feeder` cursor in Postgres, runs
 * published to the origin's finality subject, real timers (ended early by a new block when the chain has a head
 * subscription).
 *
 * @example
 * const deps = createParliaFeederDeps({ ...ctx, origin: 56, logger, rotation })
 */
export function createParliaFeederDeps(p: CreateParliaFeederDepsParameters): ParliaFeederDeps {
  const { origin, db } = p
  const sleeper = p.heads?.sleeper()
  return {
    rotation: p.rotation,
    loadCursor: async () => (await getCursor(db, { chain: origin, name: PARLIA_FEEDER_CURSOR })) ?? null,
    saveCursor: (cursor) => setCursor(db, { chain: origin, name: PARLIA_FEEDER_CURSOR, ...cursor }),
    publishRun: async (run, msgId) => {
      await publish(p.bus, p.catalogue.subjects.finality(String(origin)), run, { codec: parliaHeadersCodec, msgId })
    },
    logger: p.logger,
    sleep: (ms, signal) => (sleeper ? sleeper.sleep(ms, signal) : sleep(ms, signal)),
    wakeLive: () => p.heads?.live() ?? false,
  }
}
