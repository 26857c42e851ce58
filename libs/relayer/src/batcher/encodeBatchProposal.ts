import { BusError } from '@relaymesh/bus'
import { hexToBytes } from '@relaymesh/protocol'
import type { BatchProposal } from './BatchProposal.js'
import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'

const ascii = new TextEncoder()

function fixed(value: `0x${string}`, bytes: number, field: string): Uint8Array {
  const out = hexToBytes(value, field)
  if (out.length !== bytes) throw invalid(`${field} is ${out.length} bytes, not ${bytes}`)
  return out
}

function invalid(details: string): BusError {
  return new BusError('cannot encode batch proposal', { code: 'BUS_ENCODE_FAILED', action: 'reject', details })
}

const isU32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff

/**
 * A proposal in its binary wire form (`BatchProposalWire.ts`): one allocation, the ids copied in as they are.
 *
 * @throws BusError `BUS_ENCODE_FAILED` for a field out of range or of the wrong length, or more than
 *   `BATCH_PROPOSAL_WIRE.maxIds` ids.
 * @example
 * const bytes = encodeBatchProposal(await buildProposal(account, parameters))
 */
export function encodeBatchProposal(proposal: BatchProposal): Uint8Array {
  const { header, ids } = proposal
  if (ids.length > BATCH_PROPOSAL_WIRE.maxIds) throw invalid(`${ids.length} ids`)
  if (!isU32(header.destination) || !isU32(header.messageCount))
    throw invalid(`destination ${header.destination}, message count ${header.messageCount}`)
  if (header.batchIndex < 0n || header.batchIndex >= 2n ** 64n) throw invalid(`batch index ${header.batchIndex}`)
  if (!Number.isSafeInteger(proposal.proposedAt) || proposal.proposedAt < 0)
    throw invalid(`proposedAt ${proposal.proposedAt}`)
  const traceparent = ascii.encode(proposal.traceparent ?? '')
  if (traceparent.length > BATCH_PROPOSAL_WIRE.traceparentChars) throw invalid('traceparent too long')
  const head = BATCH_PROPOSAL_WIRE.headBytes
  const bytes = new Uint8Array(head + 1 + traceparent.length + 4 + 32 * ids.length)
  const view = new DataView(bytes.buffer)
  bytes.set(BATCH_PROPOSAL_WIRE.magic, 0)
  view.setUint8(4, BATCH_PROPOSAL_WIRE.version)
  view.setUint32(5, header.destination)
  view.setBigUint64(9, header.batchIndex)
  bytes.set(fixed(header.root, 32, 'root'), 17)
  view.setUint32(49, header.messageCount)
  bytes.set(fixed(header.previousBatchHash, 32, 'previousBatchHash'), 53)
  bytes.set(fixed(proposal.batchHash, 32, 'batchHash'), 85)
  bytes.set(fixed(proposal.proposer, 20, 'proposer'), 117)
  bytes.set(fixed(proposal.signature, 65, 'signature'), 137)
  view.setBigUint64(202, BigInt(proposal.proposedAt))
  view.setUint8(head, traceparent.length)
  bytes.set(traceparent, head + 1)
  let at = head + 1 + traceparent.length
  view.setUint32(at, ids.length)
  at += 4
  for (const [leaf, id] of ids.entries()) {
    if (id.length !== 32) throw invalid(`id ${leaf} is ${id.length} bytes`)
    bytes.set(id, at)
    at += 32
  }
  return bytes
}
