import type { Hex } from '@relaymesh/protocol'
import type { VoteAttestation } from './VoteAttestation.js'

/** One validator of an epoch block: consensus address and BLS vote key (48-byte compressed G1). */
export type ParliaValidator = {
  address: Hex
  voteKey: Uint8Array
}

/**
 * A parsed Parlia extraData (bnb-chain/bsc `parlia.go`, Luban and Bohr layouts):
 *
 *     epoch block:  vanity(32) | count(1) | count x (address(20) | voteKey(48)) | turnLength(1)
 *                   | attestation RLP? | seal(65)
 *     other blocks: vanity(32) | attestation RLP? | seal(65)
 */
export type ParliaExtraData = {
  vanity: Uint8Array
  /** Epoch blocks only, in extraData order (the producer sorts them by address). */
  validators?: ParliaValidator[] | undefined
  /** Epoch blocks only (Bohr+): consecutive blocks each validator produces in its turn. */
  turnLength?: number | undefined
  /** Absent when the producer had no quorum of votes for the parent (a missed fast-finality vote). */
  attestation?: VoteAttestation | undefined
  /** r(32) | s(32) | v(1): the secp256k1 seal over the seal hash. */
  seal: Uint8Array
}
