// Test-only: the two-of-three mesh the co-signing tests share, and a proposer that chains its proposals as r1 would.
import { devAccounts } from '@relaymesh/localchain'
import type { Hex } from 'viem'
import { ZERO_HASH } from '../../batch/batchHeader.js'
import type { BatchProposal } from '../BatchProposal.js'
import { buildProposal } from '../buildProposal.js'
import type { MeshSpec } from './batchHarness.js'

export const COSIGN_DEST = 31356
export const [, cosignA1, cosignA2, cosignA3, cosignOutsider] = devAccounts(5)
export const cosignMesh: MeshSpec = {
  // No chain is touched by these paths: the batch is never first on an inbox here.
  chain: {
    domain: COSIGN_DEST,
    rpcUrl: 'http://127.0.0.1:9',
    inbox: '0x00000000000000000000000000000000000000b0',
    outbox: '0x00000000000000000000000000000000000000a0',
  },
  relayers: { r1: cosignA1!, r2: cosignA2!, r3: cosignA3! },
  proposer: 'r1',
  threshold: 2,
  // Far beyond any test step on busy cores: a proposal made "now" is always within it, and the tests that need a
  // late one date it back past the deadline. (The proposer's quorum timeout, longer still, never fires either.)
  batch: { cosignDeadlineMs: 10 * 60_000 },
}
export const cosignDomain = { chainId: COSIGN_DEST, inbox: cosignMesh.chain.inbox }
export const cosignRecipient = '0x00000000000000000000000000000000000000cc'

/** Proposals for the next index on the hash chain `at` holds (`accept` moves it on), as r1 makes them. */
export function createChainedProposer() {
  const at = { nextIndex: 0n, previous: ZERO_HASH as Hex }
  /** A proposal for the next index, as r1 would make it (or `signer`, to forge one). */
  const propose = (ids: readonly Uint8Array[], signer = cosignA1!, proposedAt = Date.now()) =>
    buildProposal(signer, {
      domain: cosignDomain,
      destination: COSIGN_DEST,
      batchIndex: at.nextIndex,
      previousBatchHash: at.previous,
      ids,
      proposedAt,
    })
  const accept = (p: BatchProposal) => {
    at.nextIndex += 1n
    at.previous = p.batchHash
  }
  return { at, propose, accept }
}
