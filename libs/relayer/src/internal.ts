/**
 * `@relaymesh/relayer/internal`: what the devnet package (`@relaymesh/devnet`: local chains' signers, the load
 * generator, the fault player) needs of the relayer beyond its public entry. Not for services.
 */
export { keepIdleConnections } from './api/keepIdleConnections.js'
export { nextMessagesBefore, rpcAttesterChain, type commitmentAtSlot } from './attester/commitmentAtSlot.js'
export type { SignedCommitmentResponse } from './solana/collectCommitmentSignatures.js'
export type { solanaChainSchema, SolanaChainConfigInput } from './solana/solanaChainSchema.js'
export { parliaFinalityStatus, PARLIA_CLIENT } from './finality/bsc/startParliaFinality.js'
export { restoreParliaStore } from './finality/bsc/parliaStoreCodec.js'
export type { ParliaFinalityConfig } from './finality/bsc/parliaFinalitySchema.js'
export type { BeaconFinalityConfig } from './finality/ethereum/beaconFinalitySchema.js'
