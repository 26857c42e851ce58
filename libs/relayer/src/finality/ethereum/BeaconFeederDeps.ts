import type { Logger } from '@relaymesh/telemetry'
import type { BeaconApiObject } from './beaconApi.js'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'

/** The beacon API as the feeder reads it (`beaconApi.ts` over the configured URL; a test's: in memory). */
export type BeaconFeederApi = {
  bootstrap(blockRoot: string): Promise<BeaconApiObject | null>
  updates(startPeriod: number, count: number): Promise<BeaconApiObject[]>
  finalityUpdate(): Promise<BeaconApiObject | null>
}

/**
 * What a beacon feeder works with, built once by `startBeaconFeeder` from the relayer's context
 * (`createBeaconFeederDeps`): the beacon API, the origin's finality subject, a logger and timers.
 */
export type BeaconFeederDeps = {
  api: BeaconFeederApi
  /** Publishes an update on the origin's finality subject; `msgId` dedups one published twice. */
  publishUpdate(message: BeaconUpdateMessage, msgId: string): Promise<void>
  logger: Logger
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}
