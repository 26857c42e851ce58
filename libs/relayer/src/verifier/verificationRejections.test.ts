import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { verifiedBundleOf } from './testing/verifiedBundleOf.js'
import { verificationRejections } from './verificationRejections.js'

const refused = [
  {
    code: 'RECEIPT_INVALID' as const,
    reason: 'bad proof',
    messageId: new Uint8Array(32).fill(9),
    details: { txHash: '0x01', logIndex: 0 },
  },
]
const known = [new Uint8Array(32).fill(7)]

describe('verificationRejections', () => {
  it('each refused claim with its own code, where the part came from and its details', () => {
    const rows = verificationRejections({
      bundle: verifiedBundleOf({ destinations: [], refused }),
      knownIds: [],
      firstDelivery: true,
    })
    assert.deepEqual(
      rows.map((r) => [r.stage, r.reasonCode, r.details, r.origin]),
      [['verify', 'RECEIPT_INVALID', { reason: 'bad proof', txHash: '0x01', logIndex: 0, blockNumber: '42' }, 1]],
    )
  })

  it('a known id on a first delivery is a replay: REPLAYED_MESSAGE', () => {
    const rows = verificationRejections({
      bundle: verifiedBundleOf({ destinations: [56] }),
      knownIds: known,
      firstDelivery: true,
    })
    assert.deepEqual(
      rows.map((r) => [r.reasonCode, r.messageId]),
      [['REPLAYED_MESSAGE', known[0]]],
    )
  })

  it('a known id on a redelivery is its own earlier insert: no row', () => {
    const rows = verificationRejections({
      bundle: verifiedBundleOf({ destinations: [56], refused }),
      knownIds: known,
      firstDelivery: false,
    })
    assert.deepEqual(
      rows.map((r) => r.reasonCode),
      ['RECEIPT_INVALID'],
    )
  })
})
