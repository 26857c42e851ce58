import bs58 from 'bs58'
import { bytesToHex } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { encodeSlotCommitment, SLOT_COMMITMENT_BYTES, SLOT_COMMITMENT_TAG } from './encodeSlotCommitment.js'
import type { SlotCommitment } from './SlotCommitment.js'

const TAG = new TextEncoder().encode(SLOT_COMMITMENT_TAG)

/**
 * The commitment a byte string signs: the inverse of `encodeSlotCommitment`
 * (v2 layout, MEMO_FORMAT.md "Slot commitments"), for reading what an
 * attester recorded. Re-encodes the result and requires the same bytes, so
 * nothing but a canonical v2 encoding decodes. Pure.
 *
 * @throws {SolanaSourceError} `COMMITMENT_INVALID` for another length, tag (a v1 commitment) or a field out of range.
 * @example
 * const { messagesBefore, messageCount } = decodeSlotCommitment(record.commitment)
 */
export function decodeSlotCommitment(bytes: Uint8Array): SlotCommitment {
  if (bytes.length !== SLOT_COMMITMENT_BYTES || !TAG.every((b, i) => bytes[i] === b)) {
    throw new SolanaSourceError('COMMITMENT_INVALID', 'not a v2 slot commitment encoding', {
      meta: { length: bytes.length },
    })
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = TAG.length
  const domain = view.getUint32(at)
  const epoch = Number(view.getBigUint64((at += 4)))
  const slot = Number(view.getBigUint64((at += 8)))
  const blockhash = bs58.encode(bytes.subarray((at += 8), at + 32))
  const messagesBefore = Number(view.getBigUint64((at += 32)))
  const messageCount = view.getUint32((at += 8))
  const messagesRoot = bytesToHex(bytes.subarray((at += 4), at + 32))
  const commitment: SlotCommitment = { domain, epoch, slot, blockhash, messagesBefore, messageCount, messagesRoot }
  if (Buffer.compare(encodeSlotCommitment(commitment), bytes) !== 0) {
    throw new SolanaSourceError('COMMITMENT_INVALID', 'slot commitment bytes are not canonical', { meta: { slot } })
  }
  return commitment
}
