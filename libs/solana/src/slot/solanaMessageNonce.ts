import { SolanaSourceError } from '../SolanaSourceError.js'

/** Outbox messages one slot can number: `position` takes the low 16 bits of the nonce. */
export const MAX_MESSAGES_PER_SLOT = 65_536

/**
 * The nonce the relayers assign to a Solana outbox message (MEMO_FORMAT.md
 * "Nonces"): `slot << 16 | position`, where `position` is the message's index
 * among the slot's accepted outbox messages in transaction order, then
 * instruction order. The memo itself carries nonce 0. Every relayer derives
 * the same value from finalized data, and the committee fixes it through the
 * slot's `messagesRoot`, so nonces can neither collide nor be squatted.
 *
 * @throws {SolanaSourceError} `COMMITMENT_INVALID` when slot or position is out of range.
 * @example
 * solanaMessageNonce(1000, 2) // 65_536_002n
 */
export function solanaMessageNonce(slot: number, position: number): bigint {
  if (!Number.isSafeInteger(slot) || slot < 0 || slot >= 2 ** 48 || !Number.isInteger(position) || position < 0 || position >= MAX_MESSAGES_PER_SLOT) {
    throw new SolanaSourceError('COMMITMENT_INVALID', 'slot or position out of range for a Solana nonce', { meta: { slot, position } })
  }
  return (BigInt(slot) << 16n) | BigInt(position)
}
