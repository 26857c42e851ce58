import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import { oversizedPartRejections } from './oversizedPartRejections.js'

const blockHash: Hex = `0x${'ab'.repeat(32)}`

function part(index: number, bytes: number, messages: number): BlockBundleWire {
  return {
    bytes: new Uint8Array(bytes),
    origin: 1,
    blockNumber: '42',
    blockHash,
    part: index,
    partCount: 3,
    messageCount: messages,
    messageIds: Array.from({ length: messages }, (_, i) => new Uint8Array(32).fill(index * 10 + i)),
  }
}

describe('oversizedPartRejections', () => {
  it('keeps parts up to the limit, nothing rejected', () => {
    const parts = [part(0, 100, 1), part(1, 1_000, 2)]
    assert.deepEqual(oversizedPartRejections(parts, { maxBundleBytes: 1_000 }), {
      fit: parts,
      oversized: [],
      rejections: [],
    })
  })

  it('rejects each message of a part over the limit with RECEIPT_TOO_LARGE; the others still fit', () => {
    const parts = [part(0, 100, 1), part(1, 1_001, 2), part(2, 50, 1)]
    const out = oversizedPartRejections(parts, { maxBundleBytes: 1_000 })
    assert.deepEqual(
      out.fit.map((p) => p.part),
      [0, 2],
    )
    assert.deepEqual(
      out.oversized.map((p) => p.part),
      [1],
    )
    assert.deepEqual(
      // reason: every row of an oversized part names its message
      out.rejections.map((r) => [r.stage, r.reasonCode, r.origin, bytesToHex(r.messageId as Uint8Array)]),
      [
        ['watch', 'RECEIPT_TOO_LARGE', 1, bytesToHex(new Uint8Array(32).fill(10))],
        ['watch', 'RECEIPT_TOO_LARGE', 1, bytesToHex(new Uint8Array(32).fill(11))],
      ],
    )
    assert.deepEqual(out.rejections[0]?.details, {
      origin: 1,
      blockNumber: '42',
      blockHash,
      bytes: 1_001,
      limit: 1_000,
    })
    assert.equal(bytesToHex(out.rejections[0]?.blockHash as Uint8Array), blockHash) // reason: set above
  })
})
