import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { Telemetry } from '@relaymesh/telemetry'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { isMessageTraceKeeper } from './isMessageTraceKeeper.js'
import { recordsMessageTrace } from './recordsMessageTrace.js'
import { recordMessageRoots, type MessageRoot } from './recordMessageRoots.js'

/** What `isMessageTraceKeeper` reads of the config: the same on every relayer of the mesh. */
export type TraceKeeperConfig = Pick<RelayerConfig, 'relayerId' | 'relayers'>

export type RecordKeptMessageRootsParameters = {
  origin: number
  /**
   * The ids whose root this delivery exports: those the database stored for the first time (`insertBundle`'s
   * `inserted`) and, on a redelivery of a bundle already stored, those stored from this very block
   * (`storedFromBlock`): the keeper may have been killed after storing them and before its exporter sent their
   * roots. A root exported twice is the same span to the byte (see `recordMessageRoots`).
   */
  stored: readonly Uint8Array[]
  /** The destination of each verified message of the bundle, by id (called for stored ids only). */
  destinationOf: (id: Hex) => number | undefined
  /**
   * The traceparent the watcher sent with each verified message, by id: the root's (`recordObserveSpan`), so its
   * trace id says whether the trace is sampled without hashing the id; an unsampled message costs a lookup. Without
   * it (or one), the id is hashed to decide.
   */
  traceparentOf?: ((id: Hex) => string | undefined) | undefined
  /**
   * The claims the verifier refused one by one against a verified header (not a whole bundle's rejection,
   * which may be this relayer's own fault, nor a replay): no relayer ever stores them, so their root comes
   * from here, with the keeper's verdict.
   */
  rejected: readonly { id: Hex | undefined; code: string }[]
  verification: string
  /** When the bundle's messages were sent (ms since the epoch): the source block's timestamp. */
  sentAt: number
}

/**
 * After a bundle is stored, on the mesh's trace keeper (`isMessageTraceKeeper`)
 * only: the `relaymesh.message` roots of the messages stored, and of the claims
 * refused. Once per message in the mesh with the keeper's one verdict,
 * whichever relayer observed it first and however often the bundle is
 * redelivered (a copy is identical, and Jaeger shows it once). Only sampled
 * traces get a root. Returns how many roots it recorded, so the caller can
 * flush them before acknowledging the bundle.
 *
 * @example
 * recordKeptMessageRoots(ctx, { origin, stored: stored.insertedIds, destinationOf, rejected, verification, sentAt })
 */
export function recordKeptMessageRoots(
  ctx: { config: TraceKeeperConfig; telemetry: Pick<Telemetry, 'startRootSpan' | 'recording' | 'recordsTrace'> },
  p: RecordKeptMessageRootsParameters,
): number {
  if (
    (p.stored.length === 0 && p.rejected.length === 0) ||
    !ctx.telemetry.recording ||
    !isMessageTraceKeeper(ctx.config)
  )
    return 0
  const messages: MessageRoot[] = []
  for (const raw of p.stored) {
    const id = bytesToHex(raw)
    const traceparent = p.traceparentOf?.(id)
    if (traceparent !== undefined && !recordsMessageTrace(ctx.telemetry, traceparent)) continue
    const destination = p.destinationOf(id)
    if (destination !== undefined) messages.push({ id, origin: p.origin, destination })
  }
  const refused = new Map<Hex, string>()
  for (const r of p.rejected) {
    const id = r.id?.toLowerCase() as Hex | undefined // reason: lower-casing keeps a hex string hex
    // A claim that reuses a verified message's id is in that message's trace, which has its root.
    if (id !== undefined && /^0x[0-9a-f]{64}$/.test(id) && p.destinationOf(id) === undefined && !refused.has(id))
      refused.set(id, r.code)
  }
  for (const [id, reasonCode] of refused) messages.push({ id, origin: p.origin, reasonCode })
  return recordMessageRoots(ctx.telemetry, {
    messages,
    verification: p.verification,
    relayerId: ctx.config.relayerId,
    sentAt: p.sentAt,
  })
}
