import { hexToBytesOrThrow } from './bytes.js'
import { ADDRESS_LENGTH, BLS_PUBLIC_KEY_LENGTH, EXTRA_SEAL, EXTRA_VANITY } from './constants.js'
import { encodeVoteAttestation } from './encodeVoteAttestation.js'
import type { ParliaExtraData } from './ParliaExtraData.js'
import { parliaError } from './parliaError.js'

export type EncodeParliaExtraDataParameters = Omit<ParliaExtraData, 'seal'> & {
  /** Defaults to 65 zero bytes: the placeholder a producer signs over (the seal hash ignores it). */
  seal?: Uint8Array | undefined
}

function validatorBytes(parameters: EncodeParliaExtraDataParameters): Uint8Array[] {
  const { validators, turnLength } = parameters
  if (validators === undefined) return []
  if (validators.length === 0 || validators.length > 255)
    throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'an epoch block lists 1 to 255 validators')
  if (turnLength === undefined || turnLength < 1 || turnLength > 255)
    throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'an epoch block needs a turn length of 1 to 255')
  const parts: Uint8Array[] = [new Uint8Array([validators.length])]
  for (const { address, voteKey } of validators) {
    const addressBytes = hexToBytesOrThrow(address, 'validator.address', 'PARLIA_INVALID_EXTRA_DATA')
    if (addressBytes.length !== ADDRESS_LENGTH || voteKey.length !== BLS_PUBLIC_KEY_LENGTH) {
      throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'a validator is a 20-byte address and a 48-byte BLS key', {
        address,
      })
    }
    parts.push(addressBytes, voteKey)
  }
  parts.push(new Uint8Array([turnLength]))
  return parts
}

/**
 * Builds a Parlia extraData (inverse of {@link parseParliaExtraData}): the
 * layout a producer writes in `prepareValidators`, `prepareTurnLength`,
 * `assembleVoteAttestation` and `Seal`. For a devnet signer: encode with the
 * default zero seal, sign `parliaSealHash` of the header, then encode again
 * with the real seal.
 *
 * @example
 * const extra = encodeParliaExtraData({ vanity: new Uint8Array(32), validators, turnLength: 16 })
 */
export function encodeParliaExtraData(parameters: EncodeParliaExtraDataParameters): Uint8Array {
  const seal = parameters.seal ?? new Uint8Array(EXTRA_SEAL)
  if (parameters.vanity.length !== EXTRA_VANITY || seal.length !== EXTRA_SEAL) {
    throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'vanity is 32 bytes and seal 65 bytes')
  }
  const parts = [parameters.vanity, ...validatorBytes(parameters)]
  if (parameters.attestation) parts.push(encodeVoteAttestation(parameters.attestation))
  parts.push(seal)
  return Uint8Array.from(Buffer.concat(parts))
}
