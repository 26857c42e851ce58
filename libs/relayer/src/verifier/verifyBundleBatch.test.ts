// The verifier's handler on an in-memory store and bus (`testing/createInMemoryVerifier`) with the real EVM source
// verifying receipt proofs inline: no Postgres, NATS, chain or worker threads.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { bytesToHex } from '@relaymesh/protocol'
import { createInMemoryVerifier } from './testing/createInMemoryVerifier.js'
import { verifyBundleBatch } from './verifyBundleBatch.js'

describe('verifyBundleBatch (in-memory store and bus, real EVM source)', () => {
  it('stores every verified message and wakes each destination once per pull', async () => {
    const world = createInMemoryVerifier()
    const parts = [
      world.part({ number: 10n, messages: { 56: 2, 97: 1 } }),
      world.part({ number: 11n, messages: { 56: 1 } }),
    ]
    const failures = await verifyBundleBatch(world.deps, world.sources, parts)
    assert.equal(failures.size, 0)
    assert.equal(world.stored.size, 4)
    assert.deepEqual(
      world.notices.sort((a, b) => a.destination - b.destination),
      [
        { destination: 56, count: 3 },
        { destination: 97, count: 1 },
      ],
    )
    assert.deepEqual(world.rejections, [])
  })

  it('retries a block not final yet (BLOCK_NOT_FINAL): nothing stored, nobody woken, nothing rejected', async () => {
    const world = createInMemoryVerifier()
    const waiting = world.part({ number: 12n, messages: { 56: 1 } })
    world.finality.set(bytesToHex(waiting.data.head.blockHash), { status: 'pending', reason: 'head at 11' })
    const failures = await verifyBundleBatch(world.deps, world.sources, [waiting])
    const error = failures.get(waiting)
    assert.ok(isRelaymeshError(error, 'BLOCK_NOT_FINAL') && error.action === 'retry', String(error))
    assert.equal(world.stored.size, 0)
    assert.deepEqual(world.notices, [])
    assert.deepEqual(world.rejections, [])
  })

  it('refuses a part whose block left the canonical chain: BLOCK_NOT_CANONICAL for each claim, acked', async () => {
    const world = createInMemoryVerifier()
    const orphaned = world.part({ number: 13n, messages: { 56: 2 } })
    const fine = world.part({ number: 14n, messages: { 97: 1 } })
    world.finality.set(bytesToHex(orphaned.data.head.blockHash), { status: 'orphaned', canonicalHash: '0xcc' })
    const failures = await verifyBundleBatch(world.deps, world.sources, [orphaned, fine])
    assert.equal(failures.size, 0, 'a refusal is a verdict, not a failure to retry')
    assert.deepEqual(
      // reason: bundleRejections' details carry the scope
      world.rejections.map((r) => [r.stage, r.reasonCode, r.messageId?.length, (r.details as { scope: string }).scope]),
      [
        ['verify', 'BLOCK_NOT_CANONICAL', 32, 'bundle'],
        ['verify', 'BLOCK_NOT_CANONICAL', 32, 'bundle'],
      ],
    )
    assert.deepEqual(world.notices, [{ destination: 97, count: 1 }], 'the other part is stored and wakes its batcher')
  })

  it('records a replay (REPLAYED_MESSAGE) on a first delivery of a known id, not on a redelivery', async () => {
    const world = createInMemoryVerifier()
    await verifyBundleBatch(world.deps, world.sources, [world.part({ number: 15n, messages: { 56: 1 } })])
    await verifyBundleBatch(world.deps, world.sources, [
      world.part({ number: 15n, messages: { 56: 1 }, deliveryCount: 2 }),
    ])
    assert.equal(world.rejections.length, 0, 'a redelivery finds its own insert')
    await verifyBundleBatch(world.deps, world.sources, [world.part({ number: 15n, messages: { 56: 1 } })])
    assert.deepEqual(
      world.rejections.map((r) => r.reasonCode),
      ['REPLAYED_MESSAGE'],
    )
    assert.equal(world.stored.size, 1)
  })

  it('redelivers every part of a destination whose wake-up could not be sent', async () => {
    const world = createInMemoryVerifier()
    world.failNotify = 1
    const parts = [world.part({ number: 16n, messages: { 56: 1 } }), world.part({ number: 17n, messages: { 56: 2 } })]
    const failures = await verifyBundleBatch(world.deps, world.sources, parts)
    assert.deepEqual([...failures.keys()], parts)
    assert.equal(world.stored.size, 3, 'stored before the wake-up failed')
    // Redelivered: the inserts are no-ops, and the wake-up goes out.
    const again = await verifyBundleBatch(
      world.deps,
      world.sources,
      parts.map((p) => ({ ...p, deliveryCount: 2 })),
    )
    assert.equal(again.size, 0)
    assert.deepEqual(world.notices, [{ destination: 56, count: 3 }])
  })
})
