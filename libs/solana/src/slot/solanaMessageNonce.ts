import { SolanaSourceError } from '../SolanaSourceError.js'

/** Bits of a Solana nonce that number the epoch's messages: the epoch takes the 24 bits above them. */
export const EPOCH_MESSAGE_BITS = 40

/** Messages one epoch can number (`messagesBefore + position` stays below this). */
export const MAX_MESSAGES_PER_EPOCH = 2 ** EPOCH_MESSAGE_BITS

/** Outbox messages one slot may hold (a sanity bound: a block's compute limit allows far fewer memos). */
export const MAX_MESSAGES_PER_SLOT = 65_536

/**
 * The nonce the relayers assign to a Solana outbox message (MEMO_FORMAT.md
 * "Nonces"): `epoch << 40 | index`, where `index = messagesBefore + position`
 * numbers the epoch's accepted outbox messages densely (slot order, then
 * transaction order, then instruction order) and `messagesBefore` is signed
 * by the committee in the slot commitment. Dense, so consecutive messages
 * share a word of the inbox's executed bitmap (`nonce >> 8`). The memo itself
 * carries nonce 0.
 *
 * Every such nonce is above every nonce of the former `slot << 16 | position`
 * rule for slots of the same or an earlier epoch while `slotsPerEpoch < 2^24`
 * (mainnet: 432,000), so an inbox that executed old-format nonces never sees
 * a collision.
 *
 * @throws {SolanaSourceError} `COMMITMENT_INVALID` when the epoch or the index is out of range.
 * @example
 * solanaMessageNonce(2, 5) // 2_199_023_255_557n (2n << 40n | 5n)
 */
export function solanaMessageNonce(epoch: number, index: number): bigint {
  if (
    !Number.isSafeInteger(epoch) ||
    epoch < 0 ||
    epoch >= 2 ** 24 ||
    !Number.isSafeInteger(index) ||
    index < 0 ||
    index >= MAX_MESSAGES_PER_EPOCH
  ) {
    throw new SolanaSourceError('COMMITMENT_INVALID', 'epoch or message index out of range for a Solana nonce', {
      meta: { epoch, index },
    })
  }
  return (BigInt(epoch) << BigInt(EPOCH_MESSAGE_BITS)) | BigInt(index)
}
