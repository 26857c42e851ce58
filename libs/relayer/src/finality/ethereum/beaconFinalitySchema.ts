import { z } from 'zod'

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte 0x hex string')

/**
 * `finality: { kind: 'light-client', ... }` for an Ethereum source: the
 * verifier proves finality with the sync-committee light client. The beacon
 * API it follows is untrusted (every update is verified); the trust anchors
 * are the operator's `trustedBlockRoot`, the `genesisValidatorsRoot` (signing
 * domain), the preset and the fork schedule (`GENESIS_FORK_VERSION`,
 * `<FORK>_FORK_VERSION` as 0x hex, `<FORK>_FORK_EPOCH`). `slotClock` is how
 * the verifier tells the current slot (updates from the future are refused):
 * the wall clock from genesis, or on the devnet (one slot per execution
 * block) the head number of its own RPC.
 */
export const beaconFinalitySchema = z.object({
  kind: z.literal('light-client'),
  beaconApiUrl: z.string().url(),
  trustedBlockRoot: bytes32,
  genesisValidatorsRoot: bytes32,
  preset: z.enum(['mainnet', 'minimal']).default('mainnet'),
  forkSchedule: z.record(
    z.string().regex(/^[A-Z]+_FORK_(VERSION|EPOCH)$/),
    z.union([z.string().regex(/^0x[0-9a-fA-F]{8}$/), z.number().int().min(0)]),
  ),
  slotClock: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('wall'),
        genesisTime: z.number().int().min(0),
        secondsPerSlot: z.number().int().positive(),
      }),
      z.object({ kind: z.literal('execution-head') }),
    ])
    .default({ kind: 'wall', genesisTime: 1_606_824_023, secondsPerSlot: 12 }),
  /** How often the watcher-side feeder polls the beacon API. */
  pollIntervalMs: z.number().int().positive().default(1_000),
})

export type BeaconFinalityConfig = z.infer<typeof beaconFinalitySchema>
