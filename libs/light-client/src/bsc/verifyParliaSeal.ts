import type { Hex } from '@relaymesh/protocol'
import { DIFFICULTY_IN_TURN, DIFFICULTY_NO_TURN } from './constants.js'
import type { ParliaHeader } from './ParliaHeader.js'
import type { ParliaStoredHeader } from './ParliaStore.js'
import { parliaError } from './parliaError.js'
import { minerHistoryCheckLen, type ParliaValidatorSet } from './ParliaValidatorSet.js'
import { recoverParliaSigner } from './recoverParliaSigner.js'

export type VerifyParliaSealParameters = {
  header: ParliaHeader
  chainId: bigint
  /** The set in force for this block (snapshot after block number - 1). */
  set: ParliaValidatorSet
  /** Where that set took over (Recents cleared, BEP-404). */
  switchedAt: bigint | undefined
  /** Verified headers by hash: the ancestors used for the recents rule. */
  headers: ReadonlyMap<Hex, ParliaStoredHeader>
}

/**
 * `SignRecently` (BEP-341, Bohr+): among the ancestors in the last
 * minerHistoryCheckLen blocks, minus those up to the set switch (BEP-404) and
 * up to the parent's finalized block (BEP-524, Maxwell), the signer may
 * appear fewer than turnLength times. Only ancestors the store has seen are
 * counted, so a fresh store under-counts (never over-counts).
 */
function assertNotRecentlySigned({ header, set, switchedAt, headers }: VerifyParliaSealParameters, signer: Hex): void {
  const parent = headers.get(header.parentHash)
  let lower = header.number - 1n - minerHistoryCheckLen(set)
  if (switchedAt !== undefined && switchedAt > lower) lower = switchedAt
  if (parent?.finalizedNumber !== undefined && parent.finalizedNumber > lower) lower = parent.finalizedNumber
  let count = 0
  for (let h = parent; h !== undefined && h.number > lower; h = headers.get(h.parentHash))
    if (h.miner === signer) count++
  if (count >= set.turnLength) {
    throw parliaError('PARLIA_RECENTLY_SIGNED', 'Signer sealed too many recent blocks', {
      number: header.number,
      signer,
      count,
      turnLength: set.turnLength,
    })
  }
}

/**
 * Seal checks of bnb-chain/bsc `verifySeal`: the seal recovers (with the
 * chain id) to the header's `miner`; the miner is in the validator set in
 * force; it has not sealed too many recent blocks; and difficulty is 2 when
 * it is the in-turn validator (`validators[(number / turnLength) % n]`,
 * sorted by address) and 1 otherwise.
 *
 * @throws {LightClientError} `PARLIA_BAD_SEAL`, `PARLIA_UNKNOWN_SIGNER`, `PARLIA_RECENTLY_SIGNED`,
 *   `PARLIA_WRONG_DIFFICULTY`
 * @example
 * const signer = verifyParliaSeal({ header, chainId: 56n, set, switchedAt, headers: store.headers })
 */
export function verifyParliaSeal(parameters: VerifyParliaSealParameters): Hex {
  const { header, chainId, set } = parameters
  const signer = recoverParliaSigner(header, chainId)
  const meta = { number: header.number, hash: header.hash, signer, miner: header.miner }
  if (signer !== header.miner.toLowerCase())
    throw parliaError('PARLIA_BAD_SEAL', 'Seal does not recover to the miner', meta)
  if (!set.indexOf.has(signer))
    throw parliaError('PARLIA_UNKNOWN_SIGNER', 'Sealed by an address outside the validator set', {
      ...meta,
      epoch: set.epochNumber,
    })
  assertNotRecentlySigned(parameters, signer)
  const inTurn =
    set.validators[Number((header.number / BigInt(set.turnLength)) % BigInt(set.validators.length))]?.address === signer
  const expected = inTurn ? DIFFICULTY_IN_TURN : DIFFICULTY_NO_TURN
  if (header.difficulty !== expected) {
    throw parliaError(
      'PARLIA_WRONG_DIFFICULTY',
      `Difficulty ${header.difficulty} but ${inTurn ? 'in' : 'out of'} turn`,
      { ...meta, difficulty: header.difficulty, expected },
    )
  }
  return signer
}
