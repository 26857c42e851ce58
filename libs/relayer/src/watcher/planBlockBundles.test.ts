import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad, type Hex } from 'viem'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { planBlockBundles } from './planBlockBundles.js'

const outbox: Hex = '0x00000000000000000000000000000000000000aa'
const { receipts } = syntheticMessages({ origin: 31337, destination: 31356, outbox, count: 4, perReceipt: 2 })
const { block } = syntheticBlock(receipts, 90n, pad('0x01'), (h) => hashBlockHeader(h))
const plan = (p: Partial<Parameters<typeof planBlockBundles>[0]>) =>
  planBlockBundles({ origin: 31337, outbox, block, receipts, maxBytes: 1 << 20, now: 0, ...p })

// What an endpoint that lies or is broken serves: answers that disagree with the block's own header. The watcher
// refuses to build bundles from them (and reads the block from another endpoint) instead of publishing a forgery.
describe('planBlockBundles: the endpoint answers must agree with the block header', () => {
  it('plans the bundles of a consistent block', () => {
    assert.equal(plan({})?.parts.length, 1)
  })

  it('a forged log (its receipts no longer hash to the receipts root) is RPC_DATA_INCONSISTENT, retry', () => {
    const forged = receipts.map((r, i) =>
      i === 0
        ? {
            ...r,
            logs: r.logs.map((l, j) =>
              j === 0 ? { ...l, topics: [l.topics[0] as Hex, pad('0x666'), ...l.topics.slice(2)] } : l,
            ),
          }
        : r,
    )
    assert.throws(() => plan({ receipts: forged }), { code: 'RPC_DATA_INCONSISTENT', action: 'retry' })
  })

  it('a header that does not hash to the block hash is RPC_DATA_INCONSISTENT', () => {
    assert.throws(() => plan({ block: { ...block, timestamp: '0x1' } }), { code: 'RPC_DATA_INCONSISTENT' })
  })
})
