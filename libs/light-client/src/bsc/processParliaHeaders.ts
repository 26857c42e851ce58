import { decodeParliaHeader, type ParliaHeaderInput } from './decodeParliaHeader.js'
import type { ParliaExtraData } from './ParliaExtraData.js'
import type { ParliaHeader } from './ParliaHeader.js'
import type { ParliaCheckpoint, ParliaStore, ParliaStoredHeader } from './ParliaStore.js'
import { parliaError } from './parliaError.js'
import { createParliaValidatorSet } from './ParliaValidatorSet.js'
import { copyParliaStore, pruneParliaStore, type ParliaWorkingStore } from './ParliaWorkingStore.js'
import { parseParliaExtraData } from './parseParliaExtraData.js'
import { adoptFinalValidatorSets, markParliaFinal, recordParliaFinality } from './recordParliaFinality.js'
import { resolveParliaValidatorSet } from './resolveParliaValidatorSet.js'
import { verifyParliaSeal } from './verifyParliaSeal.js'
import { verifyParliaVoteAttestation } from './verifyParliaVoteAttestation.js'

function brokenLinkage(header: ParliaHeader, parent: { number: bigint; hash: string }): Error {
  return parliaError('PARLIA_BROKEN_LINKAGE', `Header ${header.number} does not follow ${parent.number}`, {
    number: header.number,
    parentHash: header.parentHash,
    expectedParentNumber: parent.number,
    expectedParentHash: parent.hash,
  })
}

/**
 * `snapshot.apply` sanity checks: consecutive numbers, parentHash = keccak256(rlp(parent)); the first header against a
 * known parent.
 */
function assertLinkage(store: ParliaStore, headers: readonly ParliaHeader[]): void {
  headers.forEach((header, i) => {
    const parent = i > 0 ? headers[i - 1] : store.headers.get(header.parentHash)
    if (i > 0 && parent !== undefined && header.parentHash !== parent.hash) throw brokenLinkage(header, parent)
    if (parent !== undefined && header.number !== parent.number + 1n) throw brokenLinkage(header, parent)
  })
}

function assertNotBelowFinality(work: ParliaWorkingStore, header: ParliaHeader): void {
  const final = work.finalBlocks.get(header.number)
  if (final !== undefined && final.hash !== header.hash) {
    throw parliaError(
      'PARLIA_FINALITY_CONFLICT',
      `Header ${header.number} conflicts with the finalized block at that height`,
      { number: header.number, hash: header.hash, final: final.hash },
    )
  }
}

/**
 * BEP-126 finality: the source is final when the target is its direct child (`updateAttestation`,
 * `GetFinalizedHeader`).
 */
function finalizedBy(extra: ParliaExtraData, parent: ParliaStoredHeader | undefined): ParliaCheckpoint | undefined {
  const data = extra.attestation?.data
  if (data === undefined || data.sourceNumber + 1n !== data.targetNumber) return undefined
  if (parent !== undefined && parent.parentHash !== data.sourceHash) {
    throw parliaError('PARLIA_VOTE_SOURCE_MISMATCH', 'Attestation source is not the parent of its target', {
      source: data.sourceNumber,
      target: data.targetNumber,
    })
  }
  return { number: data.sourceNumber, hash: data.sourceHash }
}

/** verifyHeader order: extraData, vote attestation (`verifyVoteAttestation`), then the seal (`verifySeal`). */
function verifyHeader(work: ParliaWorkingStore, header: ParliaHeader): { extra: ParliaExtraData; signer: string } {
  assertNotBelowFinality(work, header)
  const extra = parseParliaExtraData(header.extraData, { epochBlock: header.number % work.epochLength === 0n })
  const parent = work.headers.get(header.parentHash)
  if (extra.attestation !== undefined) {
    const { set } = resolveParliaValidatorSet(work, header.number - 1n)
    verifyParliaVoteAttestation({ header, attestation: extra.attestation, set, parentJustified: parent?.justified })
  }
  const { set, switchedAt } = resolveParliaValidatorSet(work, header.number)
  const signer = verifyParliaSeal({ header, chainId: work.chainId, set, switchedAt, headers: work.headers })
  return { extra, signer }
}

function recordHeader(work: ParliaWorkingStore, header: ParliaHeader, extra: ParliaExtraData): void {
  const parent = work.headers.get(header.parentHash)
  const data = extra.attestation?.data
  const finalized = finalizedBy(extra, parent)
  work.headers.set(header.hash, {
    number: header.number,
    hash: header.hash,
    parentHash: header.parentHash,
    miner: header.miner.toLowerCase() as ParliaStoredHeader['miner'], // reason: lowercasing keeps the 0x prefix
    receiptsRoot: header.receiptsRoot,
    stateRoot: header.stateRoot,
    // A header without an attestation (a missed fast-finality vote) justifies nothing new: it keeps its parent's.
    justified: data !== undefined ? { number: data.targetNumber, hash: data.targetHash } : parent?.justified,
    finalizedNumber: finalized?.number ?? parent?.finalizedNumber,
  })
  if (work.head === undefined || header.number > work.head.number)
    work.head = { number: header.number, hash: header.hash }
  if (extra.validators !== undefined && extra.turnLength !== undefined) {
    const set = createParliaValidatorSet({
      epochNumber: header.number,
      epochHash: header.hash,
      validators: extra.validators,
      turnLength: extra.turnLength,
    })
    work.candidateSets.set(header.hash, set)
  }
  // A header already known to be final (as an ancestor) brings its receipts root now.
  const known = work.finalBlocks.get(header.number)
  if (known?.hash === header.hash && known.receiptsRoot === undefined)
    markParliaFinal(work, header.number, header.hash, known.provenBy)
  if (finalized !== undefined) recordParliaFinality(work, finalized)
  else adoptFinalValidatorSets(work)
}

/**
 * Verifies a run of consecutive BSC headers (ascending, each the parent of
 * the next) and returns the updated store; the given store is not changed,
 * and nothing is applied if any header fails. The run may start anywhere
 * the store has the validator set for (it need not extend the store's head).
 *
 * Per header, as bnb-chain/bsc `consensus/parlia` does: linkage; extraData
 * layout; the vote attestation if present (target = parent, source = the
 * parent's justified block, ceil(2n/3) of the parent's sealers, aggregate
 * BLS signature); the seal (chain id, miner, validator set in force,
 * recents, difficulty). A header with an attestation justifies its parent,
 * and finalizes the attestation's source when the target is the source's
 * child; a header without one (a missed vote) is valid and changes nothing.
 * An epoch block's validator set (and turn length) is used once that block is final.
 *
 * @throws {LightClientError} any `PARLIA_*` code.
 * @example
 * let store = createParliaStore({ chainId: 56n, epochLength: 1000n, trustedEpochs })
 * store = processParliaHeaders(store, [h66277000, h66277001, h66277002, h66277003])
 * getParliaFinalizedExecution(store, { blockNumber: 66277001n, blockHash: h1Hash })
 * // { status: 'final', receiptsRoot }
 */
export function processParliaHeaders(store: ParliaStore, inputs: readonly ParliaHeaderInput[]): ParliaStore {
  if (inputs.length === 0) return store
  const headers = inputs.map(decodeParliaHeader)
  assertLinkage(store, headers)
  const work = copyParliaStore(store)
  for (const header of headers) {
    if (work.headers.has(header.hash)) continue
    const { extra } = verifyHeader(work, header)
    recordHeader(work, header, extra)
  }
  pruneParliaStore(work)
  return work
}
