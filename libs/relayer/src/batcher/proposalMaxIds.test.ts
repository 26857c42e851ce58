import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { devAccounts } from '@relaymesh/localchain'
import { pad } from 'viem'
import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'
import { buildProposal } from './buildProposal.js'
import { encodeBatchProposal } from './encodeBatchProposal.js'
import { proposalMaxIds } from './proposalMaxIds.js'

const [proposer] = devAccounts(1)

describe('proposalMaxIds', () => {
  it('fills a 1 MiB payload (the NATS default) with 32,725 ids, and caps at the wire limit on a larger one', () => {
    assert.equal(proposalMaxIds(1024 * 1024), 32_725)
    assert.equal(proposalMaxIds(8 * 1024 * 1024), BATCH_PROPOSAL_WIRE.maxIds)
    assert.equal(proposalMaxIds(1_000), 1, 'a batch of one whatever the server')
  })

  it('a proposal of that many ids and the longest traceparent leaves the header allowance free', async () => {
    const maxPayload = 64 * 1024
    const n = proposalMaxIds(maxPayload)
    const proposal = await buildProposal(proposer!, {
      domain: { chainId: 31356, inbox: '0x00000000000000000000000000000000000000b0' },
      destination: 31356,
      batchIndex: 0n,
      previousBatchHash: pad('0xaa'),
      ids: Array.from({ length: n }, (_, i) => pad(new Uint8Array([i >> 8, i & 0xff]), { size: 32 })),
      proposedAt: 0,
      traceparent: 't'.repeat(BATCH_PROPOSAL_WIRE.traceparentChars),
    })
    const bytes = encodeBatchProposal(proposal).length
    assert.ok(bytes <= maxPayload - 1_024, `${bytes} bytes`)
    assert.ok(bytes + 32 > maxPayload - 1_024, 'one id more would not fit')
  })
})
