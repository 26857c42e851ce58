import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { devAccounts } from '@relaymesh/localchain'
import { isRelaymeshError } from '@relaymesh/errors'
import { hexToBytes } from '@relaymesh/protocol'
import { pad } from 'viem'
import { ZERO_HASH } from '../batch/batchHeader.js'
import { buildProposal } from './buildProposal.js'
import { verifyProposal } from './verifyProposal.js'

const [proposer] = devAccounts(1)
const domain = { chainId: 31356, inbox: '0x00000000000000000000000000000000000000b0' } as const
const ids = [pad('0x01'), pad('0x02'), pad('0x03')].map((id) => hexToBytes(id))
const propose = (destination: number = domain.chainId) =>
  buildProposal(proposer!, { domain, destination, batchIndex: 4n, previousBatchHash: pad('0xaa'), ids, proposedAt: 0 })

describe('verifyProposal', () => {
  it('accepts a proposal whose root, hash and signature follow from its ids and header', async () => {
    await verifyProposal(await propose(), { domain, proposer: proposer!.address })
  })

  it('a header for another destination than the inbox is BATCH_HASH_MISMATCH', async () => {
    await assert.rejects(verifyProposal(await propose(56), { domain, proposer: proposer!.address }), (e) =>
      isRelaymeshError(e, 'BATCH_HASH_MISMATCH'),
    )
  })

  it('a batch hash that does not follow from the header (another previous batch hash) is BATCH_HASH_MISMATCH', async () => {
    const proposal = await propose()
    const forged = { ...proposal, header: { ...proposal.header, previousBatchHash: ZERO_HASH } }
    await assert.rejects(
      verifyProposal(forged, { domain, proposer: proposer!.address }),
      (e) => isRelaymeshError(e, 'BATCH_HASH_MISMATCH') && e.action === 'reject',
    )
  })

  it('ids that do not match the header (one dropped, or reordered) are BATCH_ROOT_MISMATCH', async () => {
    const proposal = await propose()
    for (const forged of [proposal.ids.slice(1), [...proposal.ids].reverse()])
      await assert.rejects(
        verifyProposal({ ...proposal, ids: forged }, { domain, proposer: proposer!.address }),
        (e) => isRelaymeshError(e, 'BATCH_ROOT_MISMATCH') && e.action === 'reject',
      )
  })
})
