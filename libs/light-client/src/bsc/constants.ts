/**
 * Parlia layout constants (bnb-chain/bsc `consensus/parlia/parlia.go`).
 * Epoch length and turn length are NOT here: they come from the chain
 * config and the epoch block's extraData.
 */

/** `extraVanity`: fixed prefix of every extraData. */
export const EXTRA_VANITY = 32
/** `extraSeal`: secp256k1 signature r || s || v at the end of every extraData. */
export const EXTRA_SEAL = 65
/** `validatorNumberSize`: one byte counting the validators of an epoch block (Luban+). */
export const VALIDATOR_COUNT_SIZE = 1
/** `common.AddressLength`. */
export const ADDRESS_LENGTH = 20
/** `types.BLSPublicKeyLength`: compressed G1 vote key. */
export const BLS_PUBLIC_KEY_LENGTH = 48
/** `types.BLSSignatureLength`: compressed G2 aggregate signature. */
export const BLS_SIGNATURE_LENGTH = 96
/** `validatorBytesLength`: address + BLS vote key per validator (Luban+). */
export const VALIDATOR_BYTES_LENGTH = ADDRESS_LENGTH + BLS_PUBLIC_KEY_LENGTH
/** `turnLengthSize`: one byte after the validator list of an epoch block (Bohr+). */
export const TURN_LENGTH_SIZE = 1
/** `types.MaxAttestationExtraLength`. */
export const MAX_ATTESTATION_EXTRA_LENGTH = 256
/** `diffInTurn` / `diffNoTurn`. */
export const DIFFICULTY_IN_TURN = 2n
export const DIFFICULTY_NO_TURN = 1n
/** `uncleHash = types.CalcUncleHash(nil)` = keccak256(rlp([])). */
export const EMPTY_UNCLE_HASH = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'
