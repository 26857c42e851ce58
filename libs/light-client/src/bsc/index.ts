/**
 * BSC (Parlia) light client: pure, synchronous verification of BSC headers
 * (seals, linkage, validator-set rotation, BEP-126 fast finality), so it
 * runs in worker threads and is tested with vectors alone. Spec: bnb-chain/bsc
 * `consensus/parlia` (`parlia.go`, `snapshot.go`), BEP-126, BEP-341, BEP-404, BEP-524.
 *
 * @example
 * let store = createParliaStore({
 *   chainId: 56n,
 *   epochLength: 1000n,
 *   trustedEpochs: [{ number: 66276000n, extraData }],
 * })
 * store = processParliaHeaders(store, headersRlp)
 * const result = getParliaFinalizedExecution(store, { blockNumber, blockHash })
 * if (result.status === 'final') verifyReceiptProof({ receiptsRoot: result.receiptsRoot, txIndex, proof })
 *
 * Also `@relaymesh/light-client/bsc`, which loads none of the Ethereum light client's SSZ types.
 */
export type { ParliaErrorCode } from './ParliaErrorCode.js'
export { parliaErrorActions } from './ParliaErrorCode.js'

// Store and API
export type { ParliaCheckpoint, ParliaFinalBlock, ParliaStore, ParliaStoredHeader } from './ParliaStore.js'
export { createParliaStore } from './createParliaStore.js'
export type { CreateParliaStoreParameters, ParliaTrustedEpoch } from './createParliaStore.js'
export { processParliaHeaders } from './processParliaHeaders.js'
export { getParliaFinalizedExecution } from './getParliaFinalizedExecution.js'
export type {
  GetParliaFinalizedExecutionParameters,
  GetParliaFinalizedExecutionReturnType,
  ParliaFinalExecution,
} from './getParliaFinalizedExecution.js'

// Headers, extraData, seals (also for a devnet signer)
export type { ParliaHeader } from './ParliaHeader.js'
export { decodeParliaHeader } from './decodeParliaHeader.js'
export type { ParliaHeaderInput } from './decodeParliaHeader.js'
export type { ParliaExtraData, ParliaValidator } from './ParliaExtraData.js'
export { parseParliaExtraData } from './parseParliaExtraData.js'
export type { ParseParliaExtraDataParameters } from './parseParliaExtraData.js'
export { encodeParliaExtraData } from './encodeParliaExtraData.js'
export type { EncodeParliaExtraDataParameters } from './encodeParliaExtraData.js'
export { encodeParliaSigHeader, parliaSealHash } from './parliaSealHash.js'
export { recoverParliaSigner } from './recoverParliaSigner.js'

// Vote attestations (BEP-126)
export type { VoteAttestation, VoteData } from './VoteAttestation.js'
export { decodeVoteAttestation } from './decodeVoteAttestation.js'
export { encodeVoteAttestation } from './encodeVoteAttestation.js'
export { encodeVoteData, hashVoteData } from './hashVoteData.js'

// Building blocks
export type { ParliaValidatorSet, CreateParliaValidatorSetParameters } from './ParliaValidatorSet.js'
export { createParliaValidatorSet, minerHistoryCheckLen } from './ParliaValidatorSet.js'
export { resolveParliaValidatorSet } from './resolveParliaValidatorSet.js'
export type { ResolveParliaValidatorSetReturnType } from './resolveParliaValidatorSet.js'
export { verifyParliaSeal } from './verifyParliaSeal.js'
export type { VerifyParliaSealParameters } from './verifyParliaSeal.js'
export { verifyParliaVoteAttestation } from './verifyParliaVoteAttestation.js'
export type { VerifyParliaVoteAttestationParameters } from './verifyParliaVoteAttestation.js'
