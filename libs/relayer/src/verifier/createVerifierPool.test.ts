import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad } from 'viem'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { buildBlockBundleWires } from '../watcher/buildBlockBundleWires.js'
import { createVerifierPool } from './createVerifierPool.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356

describe('createVerifierPool', () => {
  test('a worker verifies a part handed over as a Buffer view, and the caller can still read the payload after', async () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 20 })
    const { block } = syntheticBlock(receipts, 5n, pad('0x01'), (h) => hashBlockHeader(h))
    const [part] = buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 800_000, now: 0 })
    assert.ok(part)
    // As the bus hands it over: a view into a larger buffer that holds other bytes too.
    const shared = Buffer.alloc(part.bytes.length + 64)
    shared.set(part.bytes, 32)
    const payload = shared.subarray(32, 32 + part.bytes.length)
    const pool = createVerifierPool({ threads: 1 })
    try {
      const outcome = await pool.verifyEvm({
        wire: payload,
        outbox,
        destinations: [destination],
        maxPayloadBytes: 65_536,
      })
      assert.ok(outcome.ok, outcome.ok ? undefined : outcome.message)
      assert.equal(outcome.result.verified.count, 20)
      assert.equal(payload.byteLength, part.bytes.length, 'the payload is not detached')
      assert.deepEqual(new Uint8Array(payload), part.bytes)
    } finally {
      await pool.close()
    }
  })

  test('one pool runs both verifiers: the same EVM part is proven as EVM and refused as a Solana slot', async () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 3 })
    const { block } = syntheticBlock(receipts, 6n, pad('0x02'), (h) => hashBlockHeader(h))
    const [part] = buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 800_000, now: 0 })
    assert.ok(part)
    const pool = createVerifierPool({ threads: 1 })
    try {
      const [evm, solana] = await Promise.all([
        pool.verifyEvm({ wire: part.bytes, outbox, destinations: [destination], maxPayloadBytes: 65_536 }),
        pool.verifySolana({
          wire: part.bytes,
          options: {
            domain: origin,
            feeAccount: '11111111111111111111111111111111',
            minFeeLamports: 0n,
            slotsPerEpoch: 1000,
            schedule: [],
            destinations: [destination],
            maxPayloadBytes: 65_536,
          },
        }),
      ])
      assert.ok(evm.ok, evm.ok ? undefined : evm.message)
      assert.equal(evm.result.verified.count, 3)
      assert.equal(solana.ok, false)
      assert.ok(!solana.ok && solana.code === 'BUNDLE_MALFORMED', JSON.stringify(solana))
    } finally {
      await pool.close()
    }
  })
})
