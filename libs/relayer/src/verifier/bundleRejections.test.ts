import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bundleRejections } from './bundleRejections.js'

const head = { origin: 1, blockHash: new Uint8Array(32).fill(0xbb) }

describe('bundleRejections', () => {
  it('one row per claim, scoped to the bundle, with the part code', () => {
    const claims = [
      { messageId: new Uint8Array(32).fill(1), details: { txHash: '0x01', logIndex: 0 } },
      { messageId: new Uint8Array(5), details: { txHash: '0x02', logIndex: 3 } },
    ]
    const rows = bundleRejections({
      head,
      claims,
      where: { blockNumber: '42' },
      code: 'BLOCK_NOT_CANONICAL',
      reason: 'orphaned',
    })
    assert.deepEqual(
      rows.map((r) => [r.stage, r.reasonCode, r.messageId?.length ?? null, r.details]),
      [
        [
          'verify',
          'BLOCK_NOT_CANONICAL',
          32,
          { scope: 'bundle', reason: 'orphaned', blockNumber: '42', txHash: '0x01', logIndex: 0 },
        ],
        // A claimed id that is not 32 bytes is no message id.
        [
          'verify',
          'BLOCK_NOT_CANONICAL',
          null,
          { scope: 'bundle', reason: 'orphaned', blockNumber: '42', txHash: '0x02', logIndex: 3 },
        ],
      ],
    )
    assert.ok(rows.every((r) => r.origin === 1 && r.blockHash === head.blockHash))
  })

  it('a part claiming nothing still leaves one row', () => {
    const rows = bundleRejections({ head, claims: [], where: { slot: '7' }, code: 'HEADER_INVALID', reason: 'bad' })
    assert.deepEqual(
      rows.map((r) => [r.reasonCode, r.messageId, r.details]),
      [['HEADER_INVALID', null, { scope: 'bundle', reason: 'bad', slot: '7' }]],
    )
  })
})
