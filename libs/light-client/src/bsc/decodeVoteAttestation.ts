import { decodeRlp, type RlpDecoded } from '@relaymesh/receipt-proof'
import { bytesToBigint, bytesToHex } from './bytes.js'
import { BLS_SIGNATURE_LENGTH, MAX_ATTESTATION_EXTRA_LENGTH } from './constants.js'
import { parliaError } from './parliaError.js'
import type { VoteAttestation } from './VoteAttestation.js'

function invalid(why: string, cause?: unknown): Error {
  return parliaError('PARLIA_INVALID_EXTRA_DATA', `Invalid vote attestation: ${why}`, { why }, cause)
}

function bytesItem(item: RlpDecoded | undefined, what: string, length?: number): Uint8Array {
  if (!(item instanceof Uint8Array)) throw invalid(`${what} is not a byte string`)
  if (length !== undefined && item.length !== length) throw invalid(`${what} must be ${length} bytes`)
  return item
}

/** An RLP uint64 as go-ethereum decodes it: at most 8 bytes, no leading zero. */
function uint64Item(item: RlpDecoded | undefined, what: string): bigint {
  const bytes = bytesItem(item, what)
  if (bytes.length > 8) throw invalid(`${what} exceeds uint64`)
  if (bytes.length > 0 && bytes[0] === 0) throw invalid(`${what} has a leading zero byte`)
  return bytesToBigint(bytes)
}

function listItem(item: RlpDecoded | undefined, what: string, length: number): RlpDecoded[] {
  if (!Array.isArray(item) || item.length !== length) throw invalid(`${what} is not a list of ${length} items`)
  return item
}

/**
 * Decodes the RLP vote attestation found between the vanity (and, on
 * epoch blocks, the validator list and turn length) and the seal of a
 * header's extraData (bnb-chain/bsc `getVoteAttestationFromHeader`).
 *
 * @throws {LightClientError} `PARLIA_INVALID_EXTRA_DATA` for anything but canonical RLP of
 *   [uint64 voteAddressSet, 96-byte aggSignature, [uint64, hash, uint64, hash], extra <= 256 bytes].
 * @example
 * const attestation = decodeVoteAttestation(extra.subarray(32, extra.length - 65))
 * attestation.data.targetNumber // the parent's number
 */
export function decodeVoteAttestation(rlp: Uint8Array): VoteAttestation {
  let decoded: RlpDecoded
  try {
    decoded = decodeRlp(rlp)
  } catch (error) {
    throw invalid('not canonical RLP', error)
  }
  const [set, signature, data, extra] = listItem(decoded, 'attestation', 4)
  const [sourceNumber, sourceHash, targetNumber, targetHash] = listItem(data, 'vote data', 4)
  const extraBytes = bytesItem(extra, 'extra')
  if (extraBytes.length > MAX_ATTESTATION_EXTRA_LENGTH)
    throw invalid(`extra longer than ${MAX_ATTESTATION_EXTRA_LENGTH} bytes`)
  return {
    voteAddressSet: uint64Item(set, 'voteAddressSet'),
    aggSignature: bytesItem(signature, 'aggSignature', BLS_SIGNATURE_LENGTH),
    data: {
      sourceNumber: uint64Item(sourceNumber, 'sourceNumber'),
      sourceHash: bytesToHex(bytesItem(sourceHash, 'sourceHash', 32)),
      targetNumber: uint64Item(targetNumber, 'targetNumber'),
      targetHash: bytesToHex(bytesItem(targetHash, 'targetHash', 32)),
    },
    extra: extraBytes,
  }
}
