import type { Hex } from 'viem'

/** A hint as it arrives on the bus: its subject names its origin and sender (`…reobserve.<origin>.<relayer>`). */
export type ReobserveHintDelivery = { subject: string; data: Uint8Array }

/**
 * What the watcher's re-observation works with, built by `createReobserverDeps` from the relayer's context: the other
 * relayers' hints, this relayer's id, and which message ids its store never held. A test passes in-memory ones.
 */
export type ReobserverDeps = {
  relayerId: string
  /** Subscribes to every relayer's hints; `onHint` gets each delivery, or the subscription's error. */
  subscribeHints(onHint: (error: Error | null, delivery: ReobserveHintDelivery) => void): { unsubscribe(): void }
  /** Of `ids`, those this relayer's store never held (lower-case hex). */
  findUnknownIds(ids: readonly Hex[]): Promise<Set<string>>
}
