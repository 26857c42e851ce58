import { encodeRlp } from '@relaymesh/receipt-proof'
import { keccak256 } from '@relaymesh/protocol'
import { bigintToBytes } from './bytes.js'
import { EXTRA_SEAL } from './constants.js'
import { decodeParliaHeader, type ParliaHeaderInput } from './decodeParliaHeader.js'
import type { ParliaHeader } from './ParliaHeader.js'
import { parliaError } from './parliaError.js'

const BASE_FIELDS = 15
const EXTRA_DATA_INDEX = 12
const PARENT_BEACON_ROOT_INDEX = 19
const REQUESTS_HASH_INDEX = 20

function isZero(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0) return false
  return true
}

/**
 * The RLP a Parlia validator signs (bnb-chain/bsc `encodeSigHeader`):
 * [chainId, the 15 base fields with extraData minus its 65-byte seal], then
 * baseFee, withdrawalsHash, blobGasUsed, excessBlobGas, parentBeaconRoot when
 * parentBeaconRoot is present and zero (BSC's Cancun headers), then
 * requestsHash when present (Prague).
 */
export function encodeParliaSigHeader(header: ParliaHeader, chainId: bigint): Uint8Array {
  const { fields } = header
  const extra = fields[EXTRA_DATA_INDEX] as Uint8Array // reason: a decoded header has >= 15 fields
  if (extra.length < EXTRA_SEAL)
    throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'extraData shorter than the seal', { number: header.number })
  const items: Uint8Array[] = [
    bigintToBytes(chainId),
    ...fields.slice(0, EXTRA_DATA_INDEX),
    extra.subarray(0, extra.length - EXTRA_SEAL),
  ]
  items.push(...fields.slice(EXTRA_DATA_INDEX + 1, BASE_FIELDS))
  const parentBeaconRoot = fields[PARENT_BEACON_ROOT_INDEX]
  if (parentBeaconRoot !== undefined && isZero(parentBeaconRoot))
    items.push(...fields.slice(BASE_FIELDS, PARENT_BEACON_ROOT_INDEX + 1))
  const requestsHash = fields[REQUESTS_HASH_INDEX]
  if (requestsHash !== undefined) items.push(requestsHash)
  return encodeRlp(items)
}

/**
 * `SealHash`: keccak256 of {@link encodeParliaSigHeader}. What the miner
 * signs with secp256k1; the seal is the last 65 bytes of extraData (any
 * placeholder there is ignored), so a devnet signer can hash a header with
 * a zero seal, sign, and write the signature in.
 *
 * @example
 * const hash = parliaSealHash(header, 56n)
 * const seal = secp256k1.sign(hash, key) // r | s | recovery bit -> extraData's last 65 bytes
 */
export function parliaSealHash(header: ParliaHeader | ParliaHeaderInput, chainId: bigint): Uint8Array {
  const decoded = header instanceof Uint8Array || !('fields' in header) ? decodeParliaHeader(header) : header
  return keccak256(encodeParliaSigHeader(decoded, chainId))
}
