import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bloomMayContain } from './bloomMayContain.js'
import { loadMainnetBlock } from './testing/vectors.js'

describe('bloomMayContain (mainnet block 21925176)', () => {
  const { block, receipts } = loadMainnetBlock()
  const bloom = block.logsBloom as `0x${string}` // reason: a mainnet header's 256-byte bloom

  it("holds every log's address and topics of the block's receipts", () => {
    const values = receipts.flatMap((r) => r.logs.flatMap((l) => [l.address, ...l.topics]))
    assert.ok(values.length > 100, 'the block has logs')
    // reason: hex from the RPC JSON
    for (const v of values) assert.equal(bloomMayContain(bloom, v as `0x${string}`), true, v)
  })

  it('says no for values the block has no log with (a bloom that proves absence)', () => {
    const empty = `0x${'00'.repeat(256)}` as const
    assert.equal(bloomMayContain(empty, '0x00000000000000000000000000000000000000aa'), false)
    const absent = [
      '0x00000000000000000000000000000000000000aa',
      `0x${'11'.repeat(32)}`,
      `0x${'22'.repeat(20)}`,
    ] as const
    assert.ok(
      absent.some((v) => !bloomMayContain(bloom, v)),
      'a full mainnet bloom still excludes most values',
    )
  })

  it('refuses a bloom of the wrong length with HEADER_INVALID', () => {
    assert.throws(() => bloomMayContain('0x00', '0x00000000000000000000000000000000000000aa'), {
      code: 'HEADER_INVALID',
    })
  })
})
