import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildReobserveHints } from './buildReobserveHints.js'
import { REOBSERVE_MAX_BLOCKS, REOBSERVE_MAX_IDS, reobserveHintCodec } from './ReobserveHint.js'

const bytes = (n: number) => new Uint8Array(32).fill(n % 256)
const block = (origin: number, number: number, ids: number[]) => ({
  origin,
  number: BigInt(number),
  hash: bytes(number),
  ids: ids.map(bytes),
})

describe('buildReobserveHints', () => {
  it('groups stale blocks by origin, oldest first, merges a block listed for two destinations and skips unreadable origins', () => {
    const hints = buildReobserveHints(
      [block(56, 12, [3]), block(1, 5, [1]), block(56, 10, [1, 2]), block(56, 12, [4]), block(900, 7, [9])],
      (o) => o !== 900,
    )
    assert.deepEqual(
      hints.map((h) => [h.origin, h.blocks.map((b) => [b.number, b.ids.length])]),
      [
        [1, [[5n, 1]]],
        [
          56,
          [
            [10n, 2],
            [12n, 2],
          ],
        ],
      ],
    )
  })

  it('bounds a hint to its block and id limits, and its codec round-trips and refuses what breaks them', () => {
    const many = Array.from({ length: REOBSERVE_MAX_BLOCKS + 5 }, (_, i) =>
      block(
        56,
        i + 1,
        Array.from({ length: REOBSERVE_MAX_IDS + 3 }, (_, j) => j),
      ),
    )
    const [hint] = buildReobserveHints(many, () => true)
    assert.equal(hint!.blocks.length, REOBSERVE_MAX_BLOCKS)
    assert.ok(hint!.blocks.every((b) => b.ids.length === REOBSERVE_MAX_IDS))
    assert.deepEqual(reobserveHintCodec.decode(reobserveHintCodec.encode(hint!), reobserveHintCodec.contentType), hint)
    const tooMany = new TextEncoder().encode(
      JSON.stringify({
        origin: 56,
        blocks: [
          { number: '1', hash: `0x${'ab'.repeat(32)}`, ids: Array(REOBSERVE_MAX_IDS + 1).fill(`0x${'cd'.repeat(32)}`) },
        ],
      }),
    )
    assert.throws(() => reobserveHintCodec.decode(tooMany, reobserveHintCodec.contentType))
  })
})
