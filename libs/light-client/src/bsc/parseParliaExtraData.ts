import { bytesToHex } from './bytes.js'
import {
  EXTRA_SEAL,
  EXTRA_VANITY,
  VALIDATOR_BYTES_LENGTH,
  VALIDATOR_COUNT_SIZE,
  ADDRESS_LENGTH,
  TURN_LENGTH_SIZE,
} from './constants.js'
import { decodeVoteAttestation } from './decodeVoteAttestation.js'
import type { ParliaExtraData, ParliaValidator } from './ParliaExtraData.js'
import { parliaError } from './parliaError.js'

export type ParseParliaExtraDataParameters = {
  /** True for a block whose number is a multiple of the epoch length (it carries the validator set). */
  epochBlock: boolean
}

function invalid(why: string, meta: Record<string, unknown> = {}): Error {
  return parliaError('PARLIA_INVALID_EXTRA_DATA', `Invalid Parlia extraData: ${why}`, { why, ...meta })
}

function parseValidators(extra: Uint8Array, count: number): ParliaValidator[] {
  const validators: ParliaValidator[] = []
  let offset = EXTRA_VANITY + VALIDATOR_COUNT_SIZE
  for (let i = 0; i < count; i++, offset += VALIDATOR_BYTES_LENGTH) {
    validators.push({
      address: bytesToHex(extra.subarray(offset, offset + ADDRESS_LENGTH)),
      voteKey: extra.slice(offset + ADDRESS_LENGTH, offset + VALIDATOR_BYTES_LENGTH),
    })
  }
  return validators
}

/** `getValidatorBytesFromHeader` + `parseTurnLength` + the epoch branch of `getVoteAttestationFromHeader`. */
function parseEpochMiddle(extra: Uint8Array): Pick<ParliaExtraData, 'validators' | 'turnLength' | 'attestation'> {
  const count = extra[EXTRA_VANITY] as number // reason: length > EXTRA_VANITY + EXTRA_SEAL checked by the caller
  if (count === 0) throw invalid('epoch block lists no validators')
  const turnLengthAt = EXTRA_VANITY + VALIDATOR_COUNT_SIZE + count * VALIDATOR_BYTES_LENGTH
  if (extra.length < turnLengthAt + TURN_LENGTH_SIZE + EXTRA_SEAL) {
    throw invalid('epoch block too short for its validator count and turn length', { count, length: extra.length })
  }
  const turnLength = extra[turnLengthAt] as number // reason: bounds checked above
  if (turnLength === 0) throw invalid('turn length is 0')
  const rest = extra.subarray(turnLengthAt + TURN_LENGTH_SIZE, extra.length - EXTRA_SEAL)
  return {
    validators: parseValidators(extra, count),
    turnLength,
    attestation: rest.length > 0 ? decodeVoteAttestation(rest) : undefined,
  }
}

/**
 * Parses a Parlia header's extraData (Bohr+ layout: epoch blocks carry a
 * turn length). Pure; no signature is checked here.
 *
 * @throws {LightClientError} `PARLIA_INVALID_EXTRA_DATA` when the layout does not hold.
 * @example
 * const { validators, turnLength, attestation, seal } = parseParliaExtraData(extra, {
 *   epochBlock: number % epochLength === 0n,
 * })
 */
export function parseParliaExtraData(
  extra: Uint8Array,
  { epochBlock }: ParseParliaExtraDataParameters,
): ParliaExtraData {
  if (extra.length < EXTRA_VANITY + EXTRA_SEAL) throw invalid('shorter than vanity + seal', { length: extra.length })
  const vanity = extra.slice(0, EXTRA_VANITY)
  const seal = extra.slice(extra.length - EXTRA_SEAL)
  if (epochBlock) {
    if (extra.length === EXTRA_VANITY + EXTRA_SEAL) throw invalid('epoch block carries no validator set')
    return { vanity, seal, ...parseEpochMiddle(extra) }
  }
  const middle = extra.subarray(EXTRA_VANITY, extra.length - EXTRA_SEAL)
  return { vanity, seal, attestation: middle.length > 0 ? decodeVoteAttestation(middle) : undefined }
}
