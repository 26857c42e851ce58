import bs58 from 'bs58'
import { hexToBytes } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * Domain separator of a signed slot commitment (MEMO_FORMAT.md "Slot
 * commitments"). ASCII, 30 bytes; no other relaymesh signature starts with it.
 *
 * @example
 * encodeSlotCommitment(c).subarray(0, 30) // bytes of SLOT_COMMITMENT_TAG
 */
export const SLOT_COMMITMENT_TAG = 'relaymesh:solana-commitment:v1'

const TAG = new TextEncoder().encode(SLOT_COMMITMENT_TAG)

/**
 * Bytes of a slot commitment encoding (118 bytes).
 *
 * @example
 * SLOT_COMMITMENT_BYTES // 118
 */
export const SLOT_COMMITMENT_BYTES = TAG.length + 4 + 8 + 8 + 32 + 4 + 32

function invalid(field: string, value: unknown): SolanaSourceError {
  return new SolanaSourceError('COMMITMENT_INVALID', `slot commitment field ${field} is invalid`, { meta: { field, value: String(value) } })
}

function checkFields(c: SlotCommitment): void {
  if (!Number.isInteger(c.domain) || c.domain < 0 || c.domain > 0xffffffff) throw invalid('domain', c.domain)
  if (!Number.isSafeInteger(c.epoch) || c.epoch < 0) throw invalid('epoch', c.epoch)
  if (!Number.isSafeInteger(c.slot) || c.slot < 0) throw invalid('slot', c.slot)
  if (!Number.isInteger(c.messageCount) || c.messageCount < 0 || c.messageCount > 0xffffffff) throw invalid('messageCount', c.messageCount)
}

function decode32(field: string, read: () => Uint8Array): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = read()
  } catch (error) {
    throw new SolanaSourceError('COMMITMENT_INVALID', `slot commitment field ${field} is invalid`, { cause: error, meta: { field } })
  }
  if (bytes.length !== 32) throw invalid(field, `${bytes.length} bytes`)
  return bytes
}

/**
 * The bytes committee members sign (ed25519, no pre-hash):
 * `"relaymesh:solana-commitment:v1" ++ domain u32 ++ epoch u64 ++ slot u64 ++
 * blockhash (32) ++ messageCount u32 ++ messagesRoot (32)`, integers big-endian.
 * Pure.
 *
 * @throws {SolanaSourceError} `COMMITMENT_INVALID` for out-of-range numbers or a blockhash/root that is not 32 bytes.
 * @example
 * const bytes = encodeSlotCommitment(commitment) // Uint8Array(118)
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
  view.setUint32((at += 32), commitment.messageCount)
  out.set(root, (at += 4))
  return out
}
