import type { Hex } from '@relaymesh/protocol'

/**
 * A committee member: an ed25519 public key (base58, like a Solana validator
 * identity) and its stake (lamports, or any unit shared by the committee).
 *
 * @example
 * const member: CommitteeMember = { pubkey: '7Np41oeYqPefeNQEHSv1UDhYrehxin3NStELsSKCT4K2', stake: 1_000_000n }
 */
export type CommitteeMember = { pubkey: string; stake: bigint }

/**
 * The committee that signs slot commitments during one epoch.
 *
 * @example
 * const committee: Committee = { epoch: 12, members: [{ pubkey, stake: 100n }] }
 */
export type Committee = { epoch: number; members: readonly CommitteeMember[] }

/**
 * Committee rotation: each entry holds from `fromEpoch` until the next entry's
 * `fromEpoch`. Entries in ascending `fromEpoch` order.
 *
 * @example
 * const schedule: CommitteeSchedule = [{ fromEpoch: 0, members: genesis }, { fromEpoch: 40, members: rotated }]
 */
export type CommitteeSchedule = readonly { fromEpoch: number; members: readonly CommitteeMember[] }[]

/**
 * What the committee attests for one Solana slot (BRIEF "Solana source:
 * attested"): the slot, its blockhash, and the batch Merkle root (PROTOCOL.md)
 * over the ids of the slot's outbox messages in transaction order.
 * `messageCount` is signed too because a proof is only valid for the tree size
 * it was made for; a slot without outbox messages has count 0 and a zero root.
 * `messagesBefore` is the epoch's running message count (MEMO_FORMAT.md
 * "Nonces"): the slot's messages take nonces `epoch << 40 | (messagesBefore + position)`,
 * so the committee's signature binds every nonce, not only every id.
 *
 * @example
 * const commitment: SlotCommitment = {
 *   domain: domains.solanaLocal,
 *   epoch: 0,
 *   slot: 1234,
 *   blockhash,
 *   messagesBefore: 17,
 *   messageCount: 3,
 *   messagesRoot: merkleRoot(ids),
 * }
 */
export type SlotCommitment = {
  /** The Solana domain (PROTOCOL.md), so a devnet signature never passes on mainnet. */
  domain: number
  epoch: number
  slot: number
  /** base58, 32 bytes. */
  blockhash: string
  /** Accepted outbox messages of this epoch in the slots before this one (less than 2^40). */
  messagesBefore: number
  messageCount: number
  messagesRoot: Hex
}

/**
 * One member's ed25519 signature over `encodeSlotCommitment(commitment)`.
 *
 * @example
 * const s: CommitmentSignature = { signer: member.pubkey, signature: new Uint8Array(64) }
 */
export type CommitmentSignature = { signer: string; signature: Uint8Array }
