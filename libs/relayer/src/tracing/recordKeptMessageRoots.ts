import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { Telemetry } from '@relaymesh/telemetry'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { firstRelayerId, isMessageTraceKeeper } from './isMessageTraceKeeper.js'
import { recordMessageRoots, type MessageRoot } from './recordMessageRoots.js'

/** What `isMessageTraceKeeper` reads of the config: the same on every relayer of the mesh. */
export type TraceKeeperConfig = Pick<RelayerConfig, 'relayerId' | 'proposers' | 'relayers'>

export type RecordKeptMessageRootsParameters = {
  origin: number
  /** Ids this relayer's database stored for the first time (`insertBundle`'s `inserted`). */
  inserted: readonly Uint8Array[]
  /** The destination of each verified message of the bundle, by id (called for inserted ids only). */
  destinationOf: (id: Hex) => number | undefined
  /**
   * The claims the verifier refused one by one against a verified header (not a whole bundle's rejection,
   * which may be this relayer's own fault, nor a replay): every honest relayer refuses them alike, and no
   * relayer ever stores them, so their root comes from here.
   */
  rejected: readonly { id: Hex | undefined; code: string }[]
  verification: string
  /** When the bundle's messages were sent (ms since the epoch): the source block's timestamp. */
  sentAt: number
}

/**
 * After a bundle is stored: the `relaymesh.message` roots this relayer keeps
 * (`isMessageTraceKeeper`) of the messages stored for the first time, and of
 * the claims refused (kept by the relayer that keeps destination-less roots,
 * as a refused claim's destination is unproven). Once per message in the
 * mesh, whichever relayer observed it first and however often the bundle is
 * redelivered.
 *
 * @example
 * recordKeptMessageRoots(ctx, { origin, inserted: stored.insertedIds, destinationOf, rejected, verification, sentAt })
 */
export function recordKeptMessageRoots(
  ctx: { config: TraceKeeperConfig; telemetry: Pick<Telemetry, 'startRootSpan'> },
  p: RecordKeptMessageRootsParameters,
): void {
  if ((p.inserted.length === 0 && p.rejected.length === 0) || !keepsAny(ctx.config)) return
  const messages: MessageRoot[] = []
  for (const raw of p.inserted) {
    const id = bytesToHex(raw)
    const destination = p.destinationOf(id)
    if (destination !== undefined && isMessageTraceKeeper(ctx.config, destination)) messages.push({ id, origin: p.origin, destination })
  }
  if (isMessageTraceKeeper(ctx.config, undefined)) {
    const refused = new Map<Hex, string>()
    for (const r of p.rejected) {
      const id = r.id?.toLowerCase() as Hex | undefined // reason: lower-casing keeps a hex string hex
      // A claim that reuses a verified message's id is in that message's trace, which has its root.
      if (id !== undefined && /^0x[0-9a-f]{64}$/.test(id) && p.destinationOf(id) === undefined && !refused.has(id)) refused.set(id, r.code)
    }
    for (const [id, reasonCode] of refused) messages.push({ id, origin: p.origin, reasonCode })
  }
  if (messages.length === 0) return
  recordMessageRoots(ctx.telemetry, { messages, verification: p.verification, relayerId: ctx.config.relayerId, sentAt: p.sentAt })
}

/** Cheap pre-check (see `isMessageTraceKeeper`): most relayers keep no destination's roots and need not look at ids. */
function keepsAny(config: TraceKeeperConfig): boolean {
  return Object.values(config.proposers).includes(config.relayerId) || firstRelayerId(config) === config.relayerId
}
