import { createMerkleTree } from '@relaymesh/protocol'
import { isAddressEqual, recoverTypedDataAddress, type Address, type Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'
import type { BatchProposal } from './BatchProposal.js'
import { batchTypedData, hashBatchHeader, type BatchDomain, type BatchHeader } from '../batch/batchHeader.js'

/** secp256k1n / 2: PROTOCOL.md allows low-s signatures only (the inbox reverts `SignatureMalleable`). */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

/**
 * The address that signed `header` for `domain`, or throws `BATCH_SIGNATURE_INVALID`
 * (malformed, high-s, or unrecoverable).
 *
 * @example
 * const signer = await recoverBatchSigner(header, signature, { chainId: 31356, inbox })
 */
export async function recoverBatchSigner(header: BatchHeader, signature: Hex, domain: BatchDomain): Promise<Address> {
  const invalid = (reason: string, cause?: unknown) =>
    new RelayerError('batch signature is invalid', {
      code: 'BATCH_SIGNATURE_INVALID',
      action: 'reject',
      details: reason,
      cause,
      meta: { destination: header.destination, batchIndex: header.batchIndex },
    })
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw invalid('not 65 bytes')
  if (BigInt(`0x${signature.slice(66, 130)}`) > HALF_ORDER) throw invalid('high s')
  const v = Number.parseInt(signature.slice(130, 132), 16)
  if (v !== 27 && v !== 28) throw invalid(`v is ${v}`)
  try {
    return await recoverTypedDataAddress({ ...batchTypedData(header, domain), signature })
  } catch (cause) {
    throw invalid('unrecoverable', cause)
  }
}

export type VerifyProposalParameters = {
  domain: BatchDomain
  /** The relayer configured to propose for this destination (`config.proposers`), by address. */
  proposer: Address
}

/**
 * A co-signer's stateless checks on a proposal, before it looks at its own
 * database: the header is for this inbox, the root and message count follow
 * from the published ids, the batch hash follows from the header, and the
 * signature recovers to the destination's configured proposer.
 *
 * @throws RelayerError `BATCH_ROOT_MISMATCH`, `BATCH_HASH_MISMATCH`, `BATCH_SIGNATURE_INVALID`, `BATCH_WRONG_PROPOSER`
 *   (all `reject`).
 * @example
 * await verifyProposal(proposal, {
 *   domain: { chainId: 31356, inbox },
 *   proposer: config.relayers[config.proposers['31356']],
 * })
 */
export async function verifyProposal(proposal: BatchProposal, parameters: VerifyProposalParameters): Promise<void> {
  const { header } = proposal
  const meta = { destination: header.destination, batchIndex: header.batchIndex, batchHash: proposal.batchHash }
  if (header.destination !== parameters.domain.chainId)
    throw new RelayerError('proposal is for another destination', { code: 'BATCH_HASH_MISMATCH', meta })
  const root = proposal.ids.length === header.messageCount ? createMerkleTree(proposal.ids).root : undefined
  if (root !== header.root)
    throw new RelayerError('root does not follow from the published ids', {
      code: 'BATCH_ROOT_MISMATCH',
      meta: { ...meta, computed: root },
    })
  if (hashBatchHeader(header) !== proposal.batchHash)
    throw new RelayerError('batch hash does not follow from the header', { code: 'BATCH_HASH_MISMATCH', meta })
  const signer = await recoverBatchSigner(header, proposal.signature, parameters.domain)
  if (!isAddressEqual(signer, proposal.proposer))
    throw new RelayerError("proposal signature is not the proposer's", {
      code: 'BATCH_SIGNATURE_INVALID',
      meta: { ...meta, signer },
    })
  if (!isAddressEqual(signer, parameters.proposer))
    throw new RelayerError('proposal is not from the configured proposer', {
      code: 'BATCH_WRONG_PROPOSER',
      meta: { ...meta, signer, expected: parameters.proposer },
    })
}
