import { PublicKey } from '@chainsafe/blst'
import type { Hex } from '@relaymesh/protocol'
import type { ParliaValidator } from './ParliaExtraData.js'
import { parliaError } from './parliaError.js'

/**
 * A validator set as Parlia's snapshot holds it: sorted by address
 * (`snapshot.validators()`: bitmaps and turns index this order), with the
 * turn length from the same epoch block and the BLS vote keys decoded and
 * validated once.
 */
export type ParliaValidatorSet = {
  /** The epoch block whose extraData lists this set. */
  epochNumber: bigint
  /** Its hash, or undefined for a set trusted from extraData alone. */
  epochHash: Hex | undefined
  /** Ascending by address. */
  validators: readonly ParliaValidator[]
  turnLength: number
  /** Lowercase address -> index in `validators`. */
  indexOf: ReadonlyMap<Hex, number>
  /** `validators[i].voteKey` decoded (and key-validated), same order. */
  voteKeys: readonly PublicKey[]
}

export type CreateParliaValidatorSetParameters = {
  epochNumber: bigint
  epochHash: Hex | undefined
  validators: readonly ParliaValidator[]
  turnLength: number
}

function decodeVoteKey(validator: ParliaValidator): PublicKey {
  try {
    const key = PublicKey.fromBytes(validator.voteKey)
    key.keyValidate()
    return key
  } catch (error) {
    throw parliaError(
      'PARLIA_INVALID_EXTRA_DATA',
      'Invalid BLS vote key in the validator set',
      { address: validator.address },
      error,
    )
  }
}

/**
 * Builds a {@link ParliaValidatorSet}: sorts by address, rejects duplicates
 * and invalid BLS keys, decodes the keys once (the hot path only indexes them).
 *
 * @throws {LightClientError} `PARLIA_INVALID_EXTRA_DATA`
 * @example
 * const set = createParliaValidatorSet({ epochNumber: 66276000n, epochHash: undefined, validators, turnLength: 16 })
 */
export function createParliaValidatorSet(parameters: CreateParliaValidatorSetParameters): ParliaValidatorSet {
  const validators = parameters.validators
    // reason: lowercasing keeps the 0x prefix
    .map((v) => ({ address: v.address.toLowerCase() as Hex, voteKey: v.voteKey }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  const indexOf = new Map<Hex, number>()
  validators.forEach((v, i) => {
    if (indexOf.has(v.address))
      throw parliaError('PARLIA_INVALID_EXTRA_DATA', 'Validator listed twice', { address: v.address })
    indexOf.set(v.address, i)
  })
  return {
    epochNumber: parameters.epochNumber,
    epochHash: parameters.epochHash,
    validators,
    turnLength: parameters.turnLength,
    indexOf,
    voteKeys: validators.map(decodeVoteKey),
  }
}

/**
 * `minerHistoryCheckLen` (BEP-341): (n/2 + 1) * turnLength - 1. The set of
 * epoch E takes over after block E + minerHistoryCheckLen(previous set),
 * and a validator may seal at most turnLength blocks in that window.
 *
 * @example
 * minerHistoryCheckLen(set21x16) // 175
 */
export function minerHistoryCheckLen(set: Pick<ParliaValidatorSet, 'validators' | 'turnLength'>): bigint {
  return BigInt((Math.floor(set.validators.length / 2) + 1) * set.turnLength - 1)
}
