import type { Hex } from 'viem'

/** What a relayer trusts when it verifies a source bundle: the origin's Outbox, its routes, the payload cap. */
export type VerifyBundleOptions = {
  /** Lower-case address of the Outbox this relayer trusts on the bundle's origin. */
  outbox: Hex
  /** Destinations this relayer settles to; others are `UNKNOWN_ROUTE`. */
  destinations: ReadonlySet<number>
  maxPayloadBytes: number
}
