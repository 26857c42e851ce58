import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { Telemetry } from '@relaymesh/telemetry'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { isMessageTraceKeeper } from './isMessageTraceKeeper.js'
import { recordMessageRoots, type MessageRoot } from './recordMessageRoots.js'

/** What `isMessageTraceKeeper` reads of the config: the same on every relayer of the mesh. */
export type TraceKeeperConfig = Pick<RelayerConfig, 'relayerId' | 'proposers' | 'relayers'>

export type RecordKeptMessageRootsParameters = {
  origin: number
  /** Ids this relayer's database stored for the first time (`insertBundle`'s `inserted`). */
  inserted: readonly Uint8Array[]
  /** The destination of each verified message of the bundle, by id (called for inserted ids only). */
  destinationOf: (id: Hex) => number | undefined
  verification: string
  startTime: number
  endTime: number
}

/**
 * After a bundle is stored: the `relaymesh.message` roots this relayer keeps
 * (`isMessageTraceKeeper`) of the messages stored for the first time. Once
 * per message in the mesh, whichever relayer observed it first and however
 * often the bundle is redelivered.
 *
 * @example
 * recordKeptMessageRoots(ctx, { origin, inserted: stored.insertedIds, destinationOf, verification, startTime: meta.observedAt, endTime: Date.now() })
 */
export function recordKeptMessageRoots(
  ctx: { config: TraceKeeperConfig; telemetry: Pick<Telemetry, 'startRootSpan'> },
  p: RecordKeptMessageRootsParameters,
): void {
  if (p.inserted.length === 0 || !keepsAny(ctx.config)) return
  const messages: MessageRoot[] = []
  for (const raw of p.inserted) {
    const id = bytesToHex(raw)
    const destination = p.destinationOf(id)
    if (destination !== undefined && isMessageTraceKeeper(ctx.config, destination)) messages.push({ id, origin: p.origin, destination })
  }
  if (messages.length === 0) return
  recordMessageRoots(ctx.telemetry, { messages, verification: p.verification, relayerId: ctx.config.relayerId, startTime: p.startTime, endTime: p.endTime })
}

/** Cheap pre-check (see `isMessageTraceKeeper`): most relayers keep no destination's roots and need not look at ids. */
function keepsAny(config: TraceKeeperConfig): boolean {
  return Object.values(config.proposers).includes(config.relayerId) || Object.keys(config.relayers).sort()[0] === config.relayerId
}
