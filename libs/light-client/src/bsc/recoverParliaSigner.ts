import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak256 } from '@relaymesh/protocol'
import { bytesToHex, type Hex } from './bytes.js'
import { EXTRA_SEAL } from './constants.js'
import type { ParliaHeader } from './ParliaHeader.js'
import { parliaError } from './parliaError.js'
import { parliaSealHash } from './parliaSealHash.js'

/**
 * The address that sealed `header` (bnb-chain/bsc `ecrecover`): secp256k1
 * public-key recovery from extraData's last 65 bytes (r | s | v, v in 0..3
 * as libsecp256k1 accepts) over the seal hash with `chainId`, then the last
 * 20 bytes of keccak256 of the uncompressed key.
 *
 * @throws {LightClientError} `PARLIA_BAD_SEAL` when no key recovers.
 * @example
 * recoverParliaSigner(header, 56n) === header.miner // true for an honest header
 */
export function recoverParliaSigner(header: ParliaHeader, chainId: bigint): Hex {
  const seal = header.extraData.subarray(header.extraData.length - EXTRA_SEAL)
  const hash = parliaSealHash(header, chainId)
  try {
    // reason: seal is 65 bytes
    const signature = secp256k1.Signature.fromCompact(seal.subarray(0, 64)).addRecoveryBit(seal[64] as number)
    const publicKey = signature.recoverPublicKey(hash).toRawBytes(false)
    return bytesToHex(keccak256(publicKey.subarray(1)).subarray(12))
  } catch (error) {
    throw parliaError(
      'PARLIA_BAD_SEAL',
      'Seal does not recover to a public key',
      { number: header.number, hash: header.hash },
      error,
    )
  }
}
