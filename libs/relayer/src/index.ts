/**
 * `@relaymesh/relayer`: the relayer pipeline (libs/relayer/DESIGN.md).
 * Services (`services/*`) are thin composition roots over these functions.
 */
export { RelayerError, type RelayerErrorCode } from './RelayerError.js'
export {
  relayerConfigSchema,
  evmChainSchema,
  batchSchema,
  finalitySchema,
  type RelayerConfig,
  type EvmChainConfig,
} from './config/relayerConfigSchema.js'
export {
  createRelayerContext,
  type RelayerContext,
  type RelayerChain,
  type CreateRelayerContextParameters,
} from './context/createRelayerContext.js'
export { bundleMsgId } from './bundle/bundleMsgId.js'
export type { Verification } from '@relaymesh/store'
export {
  encodedBundleCodec,
  incomingBundleCodec,
  verifiedNoticeCodec,
  type IncomingBundle,
  type VerifiedNotice,
} from './bundle/bundleCodec.js'
export {
  BUNDLE_WIRE_CONTENT_TYPE,
  type BundleWire,
  type BundleWireHead,
  type BundleWireLog,
  type BundleWireReceipt,
} from './bundle/BundleWire.js'
export { encodeBundleWire, type EncodeBundleWireParameters } from './bundle/encodeBundleWire.js'
export { decodeBundleWire, checkBundleWire } from './bundle/decodeBundleWire.js'
export type { FinalityProvider, FinalityStatus } from './finality/FinalityProvider.js'
export {
  createConfirmationsFinality,
  type ConfirmationsFinalityOptions,
  type CanonicalChainReader,
} from './finality/createConfirmationsFinality.js'
export {
  buildBlockBundleWires,
  type BlockBundleWire,
  type BuildBlockBundleWiresParameters,
} from './watcher/buildBlockBundleWires.js'
export {
  pollEvmWatcher,
  runEvmWatcher,
  type EvmWatcherOptions,
  type EvmWatcherDeps,
  type WatcherRpc,
} from './watcher/runEvmWatcher.js'
export { startWatcher, WATCHER_CURSOR, type StartWatcherParameters } from './watcher/startWatcher.js'
export type { SourceWatcher, WatchSourceParameters } from './watcher/SourceWatcher.js'
export { loadSourceWatchers, type LoadedSourceWatcher } from './watcher/loadSourceWatchers.js'
export {
  verifyBundle,
  type VerifyBundleOptions,
  type VerifyBundleReturnType,
  type RejectedClaim,
} from './verifier/verifyBundle.js'
export { createVerifierPool, type VerifierPool } from './verifier/createVerifierPool.js'
export { persistVerification, rejectBundle } from './verifier/persistVerification.js'
export { startVerifier, type StartVerifierParameters } from './verifier/startVerifier.js'
export { messageTraceparent, messageTraceId } from './tracing/messageTraceparent.js'
export * from './api/index.js'
// Batches: batcher (proposer, co-signer, signature collection), settler, inbox follower.
export { startBatcher, type StartBatcherParameters, type StartBatcherReturnType } from './batcher/startBatcher.js'
export { startSettler, type StartSettlerParameters, type StartSettlerReturnType } from './settler/startSettler.js'
export {
  startInboxFollower,
  type StartInboxFollowerParameters,
  type StartInboxFollowerReturnType,
} from './follower/startInboxFollower.js'
export { buildProposal, type BuildProposalParameters } from './batcher/buildProposal.js'
export { verifyProposal, recoverBatchSigner, type VerifyProposalParameters } from './batcher/verifyProposal.js'
export { publishProposal } from './batcher/sealNextBatch.js'
export { batchProposalCodec } from './batcher/batchProposalCodec.js'
export { batchSignatureCodec } from './batcher/batchSignatureCodec.js'
export { proposalMsgId } from './batcher/proposalMsgId.js'
export { signatureMsgId } from './batcher/signatureMsgId.js'
export type { BatchProposal } from './batcher/BatchProposal.js'
export type { BatchSignature } from './batcher/BatchSignature.js'
export {
  batchTypedData,
  hashBatchHeader,
  BATCH_HEADER_TYPES,
  ZERO_HASH,
  type BatchHeader,
  type BatchDomain,
} from './batch/batchHeader.js'
export { createTxManager, type TxManager } from './settler/txManager.js'
export { defaultTxManagerOptions, type TxManagerOptions } from './settler/TxManagerOptions.js'
export type { TxRequest, TxResult } from './settler/TxRequest.js'
export { INBOX_FOLLOWER_CURSOR } from './follower/followInbox.js'
// Solana committee attester: `relaymesh attester`
export { attestSlotCommitment, type AttesterKey } from './attester/attestSlotCommitment.js'
export {
  attesterConfigSchema,
  loadAttesterConfig,
  type AttesterConfig,
  type AttesterServiceConfig,
} from './attester/loadAttesterConfig.js'
export { rpcAttesterChain } from './attester/commitmentAtSlot.js'
export { createHttpFetchSignedCommitment, httpFetchSignedCommitment } from './solana/collectCommitmentSignatures.js'
export {
  buildCommitteeDistribution,
  committeePlanSchema,
  type CommitteeDistribution,
  type CommitteePlan,
  type ScheduleJson,
} from './attester/buildCommitteeDistribution.js'
export {
  startAttester,
  type Attester,
  type AttesterChain,
  type StartAttesterParameters,
} from './attester/startAttester.js'
