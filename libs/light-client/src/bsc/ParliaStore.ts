import type { Hex } from '@relaymesh/protocol'
import type { ParliaValidatorSet } from './ParliaValidatorSet.js'

/** A block by number and hash (a justified or finalized checkpoint). */
export type ParliaCheckpoint = {
  number: bigint
  hash: Hex
}

/** What the store keeps of each verified header. */
export type ParliaStoredHeader = {
  number: bigint
  hash: Hex
  parentHash: Hex
  miner: Hex
  receiptsRoot: Hex
  stateRoot: Hex
  /**
   * Highest justified block on this header's branch, its own attestation
   * included (`GetJustifiedNumberAndHash` at this header); undefined while
   * the store has seen no attestation on this branch.
   */
  justified: ParliaCheckpoint | undefined
  /** Highest finalized number on this branch (BEP-524 clears recents up to it); undefined while unknown. */
  finalizedNumber: bigint | undefined
}

/** A finalized height: its hash, and its roots once the header itself has been seen. */
export type ParliaFinalBlock = {
  hash: Hex
  receiptsRoot: Hex | undefined
  stateRoot: Hex | undefined
  /** `checkpoint`: an attestation's finalized source; `ancestry`: an ancestor of one, by parent hashes. */
  provenBy: 'checkpoint' | 'ancestry'
}

/**
 * The Parlia light-client store. Treat as immutable: every function
 * returns a new store and never changes the one it was given.
 */
export type ParliaStore = {
  chainId: bigint
  /** Parlia `Epoch` from the chain config (1000 on mainnet and Chapel since Maxwell). */
  epochLength: bigint
  /** Headers and final blocks more than this many blocks below the newest are pruned. */
  retainBlocks: bigint
  /** Validator sets the store relies on, by epoch block number: trusted, or from a finalized epoch block. */
  validatorSets: ReadonlyMap<bigint, ParliaValidatorSet>
  /** Sets read from verified epoch blocks that are not final yet, by epoch block hash. */
  candidateSets: ReadonlyMap<Hex, ParliaValidatorSet>
  /** Verified headers by hash. */
  headers: ReadonlyMap<Hex, ParliaStoredHeader>
  /** Finalized blocks by number (ancestors of the highest finalized block). */
  finalBlocks: ReadonlyMap<bigint, ParliaFinalBlock>
  /** Highest finalized block, if any. */
  finalized: ParliaCheckpoint | undefined
  /** Highest verified header, if any. */
  head: ParliaCheckpoint | undefined
}
