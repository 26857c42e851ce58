import bs58 from 'bs58'
import { hexToBytes } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { MAX_MESSAGES_PER_EPOCH } from '../slot/solanaMessageNonce.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * Domain separator of a signed slot commitment (MEMO_FORMAT.md "Slot
 * commitments"). ASCII, 30 bytes; no other relaymesh signature starts with it.
 * v2 added `messagesBefore`: a v1 signature never verifies as v2 bytes (other
 * tag, other length), so no old signature can vouch for a count.
 *
 * @example
 * encodeSlotCommitment(c).subarray(0, 30) // bytes of SLOT_COMMITMENT_TAG
 */
export const SLOT_COMMITMENT_TAG = 'relaymesh:solana-commitment:v2'

const TAG = new TextEncoder().encode(SLOT_COMMITMENT_TAG)

/**
 * Bytes of a slot commitment encoding (126 bytes).
 *
 * @example
 * SLOT_COMMITMENT_BYTES // 126
 */
export const SLOT_COMMITMENT_BYTES = TAG.length + 4 + 8 + 8 + 32 + 8 + 4 + 32

function invalid(field: string, value: unknown): SolanaSourceError {
  return new SolanaSourceError('COMMITMENT_INVALID', `slot commitment field ${field} is invalid`, {
    meta: { field, value: String(value) },
  })
}

function checkFields(c: SlotCommitment): void {
  if (!Number.isInteger(c.domain) || c.domain < 0 || c.domain > 0xffffffff) throw invalid('domain', c.domain)
  if (!Number.isSafeInteger(c.epoch) || c.epoch < 0) throw invalid('epoch', c.epoch)
  if (!Number.isSafeInteger(c.slot) || c.slot < 0) throw invalid('slot', c.slot)
  if (!Number.isInteger(c.messageCount) || c.messageCount < 0 || c.messageCount > 0xffffffff)
    throw invalid('messageCount', c.messageCount)
  // The epoch's numbering must hold every message of the slot (solanaMessageNonce).
  if (
    !Number.isSafeInteger(c.messagesBefore) ||
    c.messagesBefore < 0 ||
    c.messagesBefore + c.messageCount > MAX_MESSAGES_PER_EPOCH
  )
    throw invalid('messagesBefore', c.messagesBefore)
}

function decode32(field: string, read: () => Uint8Array): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = read()
  } catch (error) {
    throw new SolanaSourceError('COMMITMENT_INVALID', `slot commitment field ${field} is invalid`, {
      cause: error,
      meta: { field },
    })
  }
  if (bytes.length !== 32) throw invalid(field, `${bytes.length} bytes`)
  return bytes
}

/**
 * The bytes committee members sign (ed25519, no pre-hash):
 * `"relaymesh:solana-commitment:v2" ++ domain u32 ++ epoch u64 ++ slot u64 ++
 * blockhash (32) ++ messagesBefore u64 ++ messageCount u32 ++ messagesRoot (32)`,
 * integers big-endian.
 * Pure.
 *
 * @throws {SolanaSourceError} `COMMITMENT_INVALID` for out-of-range numbers or a blockhash/root that is not 32 bytes.
 * @example
 * const bytes = encodeSlotCommitment(commitment) // Uint8Array(126)
 */
export function encodeSlotCommitment(commitment: SlotCommitment): Uint8Array {
  checkFields(commitment)
  const blockhash = decode32('blockhash', () => bs58.decode(commitment.blockhash))
  const root = decode32('messagesRoot', () => hexToBytes(commitment.messagesRoot, 'messagesRoot'))
  const out = new Uint8Array(SLOT_COMMITMENT_BYTES)
  const view = new DataView(out.buffer)
  out.set(TAG, 0)
  let at = TAG.length
  view.setUint32(at, commitment.domain)
  view.setBigUint64((at += 4), BigInt(commitment.epoch))
  view.setBigUint64((at += 8), BigInt(commitment.slot))
  out.set(blockhash, (at += 8))
  view.setBigUint64((at += 32), BigInt(commitment.messagesBefore))
  view.setUint32((at += 8), commitment.messageCount)
  out.set(root, (at += 4))
  return out
}
