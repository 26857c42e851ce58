import type { Hex } from '@relaymesh/protocol'
import { hexToBytesOrThrow } from './bytes.js'
import { parliaError } from './parliaError.js'
import { parseParliaExtraData } from './parseParliaExtraData.js'
import type { ParliaStore } from './ParliaStore.js'
import { createParliaValidatorSet, type ParliaValidatorSet } from './ParliaValidatorSet.js'

/** An epoch block the operator trusts: its number and full extraData (from a header checked out of band). */
export type ParliaTrustedEpoch = {
  number: bigint
  extraData: Hex | Uint8Array
  /** Its hash, when known. */
  hash?: Hex | undefined
}

export type CreateParliaStoreParameters = {
  /** 56 for BSC mainnet, 97 for Chapel: signed into every seal. */
  chainId: bigint
  /** Parlia `Epoch` from the chain config (never hard-coded here). */
  epochLength: bigint
  /**
   * One or more epoch blocks whose validator sets the store trusts. Give the
   * epoch block whose set seals your first header; if that header falls in
   * the first minerHistoryCheckLen blocks after the next epoch block, give that
   * next one too, or the one before when the first header is in the window
   * right after the trusted epoch block.
   */
  trustedEpochs: readonly ParliaTrustedEpoch[]
  /** Blocks of history to keep (headers and finalized receipts roots). Default 8192. */
  retainBlocks?: bigint | undefined
}

function trustedSet(epoch: ParliaTrustedEpoch, epochLength: bigint): ParliaValidatorSet {
  if (epoch.number % epochLength !== 0n) {
    throw parliaError('PARLIA_INVALID_CONFIG', 'A trusted epoch block number must be a multiple of the epoch length', {
      number: epoch.number,
      epochLength,
    })
  }
  const extra =
    epoch.extraData instanceof Uint8Array
      ? epoch.extraData
      : hexToBytesOrThrow(epoch.extraData, 'trustedEpochs.extraData', 'PARLIA_INVALID_CONFIG')
  const { validators, turnLength } = parseParliaExtraData(extra, { epochBlock: true })
  // reason: an epoch-block parse always returns validators and a turn length
  return createParliaValidatorSet({
    epochNumber: epoch.number,
    epochHash: epoch.hash,
    validators: validators ?? [],
    turnLength: turnLength as number,
  })
}

/**
 * A Parlia light-client store anchored at trusted epoch blocks. From there,
 * {@link processParliaHeaders} verifies headers (seals, linkage, vote
 * attestations), follows validator-set rotation, and records finality.
 *
 * @throws {LightClientError} `PARLIA_INVALID_CONFIG`, `PARLIA_INVALID_EXTRA_DATA`
 * @example
 * const store = createParliaStore({
 *   chainId: 56n,
 *   epochLength: 1000n,
 *   trustedEpochs: [{ number: 66276000n, extraData: readFileSync('66276000.extraData.hex', 'utf8').trim() as Hex }],
 * })
 */
export function createParliaStore(parameters: CreateParliaStoreParameters): ParliaStore {
  const { chainId, epochLength } = parameters
  if (chainId <= 0n || epochLength <= 0n)
    throw parliaError('PARLIA_INVALID_CONFIG', 'chainId and epochLength must be positive', { chainId, epochLength })
  if (parameters.trustedEpochs.length === 0)
    throw parliaError('PARLIA_INVALID_CONFIG', 'At least one trusted epoch block is needed')
  const validatorSets = new Map<bigint, ParliaValidatorSet>()
  for (const epoch of parameters.trustedEpochs) validatorSets.set(epoch.number, trustedSet(epoch, epochLength))
  return {
    chainId,
    epochLength,
    retainBlocks: parameters.retainBlocks ?? 8192n,
    validatorSets,
    candidateSets: new Map(),
    headers: new Map(),
    finalBlocks: new Map(),
    finalized: undefined,
    head: undefined,
  }
}
