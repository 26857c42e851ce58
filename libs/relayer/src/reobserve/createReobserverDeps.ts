import type { Bus, BusCatalogue } from '@relaymesh/bus'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { findUnknownMessageIds, type StoreDb } from '@relaymesh/store'
import type { ReobserverDeps } from './ReobserverDeps.js'

/**
 * Re-observation's IO on the relayer: the hints on core NATS (`catalogue.subjects.allReobserve`) and one query per
 * question for the ids Postgres never stored.
 *
 * @example
 * const deps = createReobserverDeps({ ...ctx, relayerId: ctx.config.relayerId })
 */
export function createReobserverDeps(p: {
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  relayerId: string
}): ReobserverDeps {
  return {
    relayerId: p.relayerId,
    subscribeHints: (onHint) =>
      p.bus.nc.subscribe(p.catalogue.subjects.allReobserve, {
        callback: (error, message) => onHint(error, { subject: message.subject, data: message.data }),
      }),
    findUnknownIds: async (ids) => {
      const found = await findUnknownMessageIds(
        p.db,
        ids.map((id) => hexToBytes(id)),
      )
      return new Set(found.map((id) => bytesToHex(id)))
    },
  }
}
