import type { ErrorAction } from '@relaymesh/errors'

/**
 * Reason codes of the BSC (Parlia) light client. Part of the shared
 * `LightClientErrorCode` union (`../LightClientError.ts`). Each names the
 * rule of bnb-chain/bsc `consensus/parlia` that the input broke.
 *
 * - `PARLIA_INVALID_HEADER`: the header is not canonical RLP of an EVM header, or breaks a
 *   standalone Parlia rule (non-empty uncle hash; `verifyHeader`).
 * - `PARLIA_INVALID_EXTRA_DATA`: extraData does not parse: vanity, validator list (epoch blocks
 *   only), turn length (epoch blocks, Bohr+), vote attestation RLP, 65-byte seal; or a BLS key is invalid.
 * - `PARLIA_BAD_SEAL`: the seal is not a recoverable secp256k1 signature over the seal hash, or it
 *   recovers to an address other than the header's `miner` (`errCoinBaseMisMatch`).
 * - `PARLIA_UNKNOWN_SIGNER`: the sealer is not in the validator set in force (`errUnauthorizedValidator`).
 * - `PARLIA_WRONG_DIFFICULTY`: difficulty is not 2 in turn / 1 out of turn (`errWrongDifficulty`).
 * - `PARLIA_RECENTLY_SIGNED`: the sealer already sealed `turnLength` blocks in the recent window
 *   (`errRecentlySigned`, BEP-341 counting, BEP-404 and BEP-524 clearing).
 * - `PARLIA_BROKEN_LINKAGE`: a header's parentHash is not keccak(rlp(parent)) or its number is not parent + 1.
 * - `PARLIA_UNKNOWN_VALIDATOR_SET`: the validator set that seals this height is not known (yet):
 *   feed the epoch block and the headers that finalize it. `retry`.
 * - `PARLIA_VOTE_TARGET_MISMATCH`: the attestation's target is not the header's parent.
 * - `PARLIA_VOTE_SOURCE_MISMATCH`: the attestation's source is not the parent's highest justified block.
 * - `PARLIA_VOTE_UNDER_QUORUM`: fewer than ceil(2n/3) of the n validators voted, or the bitmap
 *   names more voters than validators.
 * - `PARLIA_BAD_VOTE_SIGNATURE`: the aggregate BLS signature does not verify over the vote data.
 * - `PARLIA_FINALITY_CONFLICT`: a header or a finalized checkpoint differs from a block the store
 *   already holds as final at that height (a fork below finality, or conflicting finality).
 * - `PARLIA_INVALID_CONFIG`: store parameters are unusable (chain id, epoch length, trusted epochs).
 */
export type ParliaErrorCode =
  | 'PARLIA_INVALID_HEADER'
  | 'PARLIA_INVALID_EXTRA_DATA'
  | 'PARLIA_BAD_SEAL'
  | 'PARLIA_UNKNOWN_SIGNER'
  | 'PARLIA_WRONG_DIFFICULTY'
  | 'PARLIA_RECENTLY_SIGNED'
  | 'PARLIA_BROKEN_LINKAGE'
  | 'PARLIA_UNKNOWN_VALIDATOR_SET'
  | 'PARLIA_VOTE_TARGET_MISMATCH'
  | 'PARLIA_VOTE_SOURCE_MISMATCH'
  | 'PARLIA_VOTE_UNDER_QUORUM'
  | 'PARLIA_BAD_VOTE_SIGNATURE'
  | 'PARLIA_FINALITY_CONFLICT'
  | 'PARLIA_INVALID_CONFIG'

/**
 * Actions that differ from the default `reject`: an unknown validator set
 * is missing data, not bad data, so the same header may verify once the
 * epoch block has been fed and finalized.
 *
 * @example
 * parliaErrorActions.PARLIA_UNKNOWN_VALIDATOR_SET // 'retry'
 */
export const parliaErrorActions: Partial<Record<ParliaErrorCode, ErrorAction>> = {
  PARLIA_UNKNOWN_VALIDATOR_SET: 'retry',
}
