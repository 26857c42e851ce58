import { createMerkleTree } from '@relaymesh/protocol'
import type { Hex, LocalAccount } from 'viem'
import type { BatchProposal } from './BatchProposal.js'
import { batchTypedData, hashBatchHeader, type BatchDomain, type BatchHeader } from '../batch/batchHeader.js'

export type BuildProposalParameters = {
  domain: BatchDomain
  destination: number
  batchIndex: bigint
  previousBatchHash: Hex
  /** Message ids in leaf order, 32 bytes each. */
  ids: readonly Uint8Array[]
  proposedAt: number
  traceparent?: string | undefined
}

/**
 * Builds and signs a batch proposal: Merkle root over `ids` (PROTOCOL.md
 * "Batch Merkle tree"), header, EIP-712 batch hash and the proposer's
 * signature. No IO besides the account's signer, so a test can build a
 * byzantine proposal (an id nobody dispatched) with a relayer's key and
 * publish it as that relayer would.
 *
 * @example
 * const proposal = await buildProposal(account, {
 *   domain: { chainId: 31356, inbox },
 *   destination: 31356,
 *   batchIndex: 0n,
 *   previousBatchHash: ZERO_HASH,
 *   ids,
 *   proposedAt: Date.now(),
 * })
 * await publish(bus, catalogue.subjects.proposals('31356'), proposal, {
 *   codec: batchProposalCodec,
 *   msgId: proposalMsgId(proposal),
 * })
 */
export async function buildProposal(
  account: LocalAccount,
  parameters: BuildProposalParameters,
): Promise<BatchProposal> {
  const { ids } = parameters
  const tree = createMerkleTree(ids)
  const header: BatchHeader = {
    destination: parameters.destination,
    batchIndex: parameters.batchIndex,
    root: tree.root,
    messageCount: ids.length,
    previousBatchHash: parameters.previousBatchHash,
  }
  const signature = await account.signTypedData(batchTypedData(header, parameters.domain))
  return {
    header,
    batchHash: hashBatchHeader(header),
    ids,
    proposer: account.address,
    signature,
    proposedAt: parameters.proposedAt,
    traceparent: parameters.traceparent,
  }
}
