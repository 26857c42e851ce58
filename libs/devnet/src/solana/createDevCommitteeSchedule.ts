import { createDevCommittee, type CommitteeSchedule, type DevCommitteeKey } from '@relaymesh/solana'

/**
 * The devnet's Solana committee: `size` development keys; epoch `e`'s
 * committee leaves out key `e % size` (rotation per epoch) and weighs the
 * others by stake 40/30/20/10... so that quorum needs stake, not a head count.
 * Schedules `epochs` epochs; the last entry holds for every later epoch.
 */
export function createDevCommitteeSchedule(p: { size?: number; epochs?: number; seed?: string } = {}): {
  keys: DevCommitteeKey[]
  schedule: CommitteeSchedule
} {
  const size = p.size ?? 5
  const { keys } = createDevCommittee({ epoch: 0, size, seed: p.seed })
  const schedule: CommitteeSchedule = Array.from({ length: p.epochs ?? 64 }, (_, epoch) => ({
    fromEpoch: epoch,
    members: keys
      .filter((_, i) => i !== epoch % size)
      .map((k, i) => ({ pubkey: k.publicKey, stake: BigInt(10 * (size - i)) })),
  }))
  return { keys, schedule }
}
