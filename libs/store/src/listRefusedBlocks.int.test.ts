import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { listRefusedBlocks } from './listRefusedBlocks.js'
import { recordRejections } from './recordRejections.js'
import { bytes32, createMigratedTestDb, hex } from './testing/testDatabase.js'

const ORIGIN = 31337

describe('listRefusedBlocks', () => {
  let store: Awaited<ReturnType<typeof createMigratedTestDb>>
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it("lists each block the verifier refused whole for the codes asked, once, and moves the reader's cursor", async () => {
    const { db } = store
    const forged = bytes32('block:forged')
    const bundle = (
      blockHash: Uint8Array,
      blockNumber: string,
      reasonCode: 'BLOCK_NOT_CANONICAL' | 'BUNDLE_MALFORMED',
    ) =>
      ({
        stage: 'verify',
        reasonCode,
        details: { scope: 'bundle', blockNumber },
        messageId: bytes32(`id:${blockNumber}:${Math.random()}`),
        origin: ORIGIN,
        blockHash,
      }) as const
    await recordRejections(db, [
      bundle(forged, '12', 'BLOCK_NOT_CANONICAL'),
      bundle(forged, '12', 'BLOCK_NOT_CANONICAL'), // a second claim of the same block
      bundle(bytes32('block:malformed'), '13', 'BUNDLE_MALFORMED'), // another code
      { ...bundle(bytes32('block:other-origin'), '14', 'BLOCK_NOT_CANONICAL'), origin: 56 },
      // A claim refused on its own (no scope): the block itself was not refused.
      { ...bundle(bytes32('block:claim'), '15', 'BLOCK_NOT_CANONICAL'), details: { blockNumber: '15' } },
    ])
    const first = await listRefusedBlocks(db, {
      origin: ORIGIN,
      after: 0n,
      reasonCodes: ['BLOCK_NOT_CANONICAL'],
      newerThanMs: 3_600_000,
      limit: 100,
    })
    assert.deepEqual(
      first.blocks.map((b) => [b.number, hex(b.hash), b.reasonCode]),
      [[12n, hex(forged), 'BLOCK_NOT_CANONICAL']],
    )
    assert.ok(first.through !== undefined)
    const again = await listRefusedBlocks(db, {
      origin: ORIGIN,
      after: first.through,
      reasonCodes: ['BLOCK_NOT_CANONICAL'],
      newerThanMs: 3_600_000,
      limit: 100,
    })
    assert.deepEqual(again, { through: undefined, scanned: 0, blocks: [] }, 'nothing past the cursor')
    const paged = await listRefusedBlocks(db, {
      origin: ORIGIN,
      after: 0n,
      reasonCodes: ['BLOCK_NOT_CANONICAL'],
      newerThanMs: 3_600_000,
      limit: 1,
    })
    assert.equal(paged.blocks.length, 1)
    assert.ok(paged.through !== undefined && paged.through < first.through, 'the limit bounds the scan')
  })

  it("lists the finality light client's refused headers when asked for them, and not otherwise", async () => {
    const { db } = store
    const resealed = bytes32('header:resealed')
    const { through } = await listRefusedBlocks(db, {
      origin: ORIGIN,
      after: 0n,
      reasonCodes: ['BLOCK_NOT_CANONICAL'],
      newerThanMs: 3_600_000,
      limit: 1_000,
    })
    await recordRejections(db, [
      {
        stage: 'finality',
        reasonCode: 'PARLIA_UNKNOWN_SIGNER',
        details: { scope: 'header', blockNumber: '40' },
        origin: ORIGIN,
        blockHash: resealed,
      },
      // A run refused without the header named: nothing to read again.
      { stage: 'finality', reasonCode: 'PARLIA_UNKNOWN_SIGNER', details: {}, origin: ORIGIN },
    ])
    const ask = (from?: { stage: 'finality'; scope: 'header' }) =>
      listRefusedBlocks(db, {
        origin: ORIGIN,
        after: through ?? 0n,
        reasonCodes: ['PARLIA_UNKNOWN_SIGNER'],
        newerThanMs: 3_600_000,
        limit: 100,
        from,
      })
    const headers = await ask({ stage: 'finality', scope: 'header' })
    assert.deepEqual(
      headers.blocks.map((b) => [b.number, hex(b.hash), b.reasonCode]),
      [[40n, hex(resealed), 'PARLIA_UNKNOWN_SIGNER']],
    )
    assert.deepEqual((await ask()).blocks, [], "the verifier's bundle refusals only, by default")
  })
})
