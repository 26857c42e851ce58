import { BusError } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import { getAddress } from 'viem'
import type { BatchProposal } from './BatchProposal.js'
import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const ascii = new TextDecoder('ascii')

function malformed(details: string, offset: number): BusError {
  return new BusError('malformed batch proposal', {
    code: 'BUS_DECODE_FAILED',
    action: 'reject',
    details,
    meta: { offset },
  })
}

/** The traceparent at `at` and the offset after it. */
function readTraceparent(bytes: Uint8Array, at: number): { traceparent: string | undefined; next: number } {
  const length = bytes[at] ?? 0
  if (length > BATCH_PROPOSAL_WIRE.traceparentChars) throw malformed(`traceparent of ${length} bytes`, at)
  if (at + 1 + length > bytes.length) throw malformed('traceparent runs past the end', at)
  const text = ascii.decode(bytes.subarray(at + 1, at + 1 + length))
  if (!PRINTABLE_ASCII.test(text)) throw malformed('traceparent is not printable ASCII', at)
  return { traceparent: length === 0 ? undefined : text, next: at + 1 + length }
}

/** The ids at `at`, each a view into `bytes`, after checking that exactly `count × 32` bytes follow the count. */
function readIds(bytes: Uint8Array, view: DataView, at: number): Uint8Array[] {
  if (at + 4 > bytes.length) throw malformed('id count runs past the end', at)
  const count = view.getUint32(at)
  if (count === 0 || count > BATCH_PROPOSAL_WIRE.maxIds)
    throw malformed(`${count} ids (1 to ${BATCH_PROPOSAL_WIRE.maxIds})`, at)
  const start = at + 4
  if (bytes.length - start !== 32 * count)
    throw malformed(`${count} ids need ${32 * count} bytes, ${bytes.length - start} follow`, start)
  const ids = new Array<Uint8Array>(count)
  for (let i = 0; i < count; i++) ids[i] = bytes.subarray(start + 32 * i, start + 32 * (i + 1))
  return ids
}

/**
 * Reads a proposal from its binary wire form (`BatchProposalWire.ts`): the hashes and signature as hex, the ids as
 * 32-byte views into `bytes` (no copy). Only the shape is checked here; whether the root, hash and signature follow
 * from the ids is `verifyProposal`'s.
 *
 * @throws BusError `BUS_DECODE_FAILED` (`reject`): not a proposal, an unknown version, a field cut short, no ids or
 *   more than `BATCH_PROPOSAL_WIRE.maxIds`, an id run that is not exactly `32 × count` bytes, or trailing bytes.
 * @example
 * const proposal = decodeBatchProposal(encodeBatchProposal(proposal))
 */
export function decodeBatchProposal(bytes: Uint8Array): BatchProposal {
  const { magic, version, headBytes } = BATCH_PROPOSAL_WIRE
  if (bytes.length < headBytes) throw malformed(`${bytes.length} bytes, the head alone is ${headBytes}`, 0)
  if (magic.some((b, i) => bytes[i] !== b)) throw malformed('not a relaymesh batch proposal', 0)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint8(4) !== version) throw malformed(`unknown version ${view.getUint8(4)}`, 4)
  const proposedAt = view.getBigUint64(202)
  if (proposedAt > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`proposedAt ${proposedAt}`, 202)
  const { traceparent, next } = readTraceparent(bytes, headBytes)
  const ids = readIds(bytes, view, next)
  const hex = (from: number, length: number) => bytesToHex(bytes.subarray(from, from + length))
  return {
    header: {
      destination: view.getUint32(5),
      batchIndex: view.getBigUint64(9),
      root: hex(17, 32),
      messageCount: view.getUint32(49),
      previousBatchHash: hex(53, 32),
    },
    batchHash: hex(85, 32),
    ids,
    proposer: getAddress(hex(117, 20)),
    signature: hex(137, 65),
    proposedAt: Number(proposedAt),
    traceparent,
  }
}
