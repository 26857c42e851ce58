import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLostMessages, type LostMessageState } from './traceLostMessages.js'

const id = `0x${'ab'.repeat(32)}` as const
const view = (relayer: string, over: Partial<LostMessageState>): LostMessageState => ({
  relayer,
  id,
  state: 'not stored',
  batchIndex: null,
  sourceBlock: null,
  blockStored: undefined,
  rejections: [],
  watcherCursor: null,
  deadLetters: [],
  ...over,
})

describe('formatLostMessages', () => {
  it("names each relayer's view of a lost id: its state, batch, source block, watcher cursor, rejections and dead letters", () => {
    const lines = formatLostMessages([
      view('r1', { blockStored: false, watcherCursor: '140', deadLetters: ['dead-letter:UNCLASSIFIED_ERROR'] }),
      view('r2', { state: 'settled', batchIndex: '7', sourceBlock: '31356#120', blockStored: true }),
      view('r3', {
        state: 'rejected',
        sourceBlock: '31356#120',
        blockStored: true,
        rejections: ['verify:REPLAYED_MESSAGE'],
      }),
    ])
    assert.deepEqual(lines, [
      `lost: ${id}: r1 not stored, block not stored, watcher at 140 dead-lettered dead-letter:UNCLASSIFIED_ERROR; ` +
        `r2 settled batch 7 from 31356#120, block stored; r3 rejected from 31356#120, block stored rejected ` +
        `verify:REPLAYED_MESSAGE`,
    ])
  })

  it('lists at most `limit` ids and counts the rest', () => {
    // reason: 64 hex digits
    const states = Array.from({ length: 4 }, (_, i) => view('r1', { id: `0x${String(i).repeat(64)}` as `0x${string}` }))
    const lines = formatLostMessages(states, 2)
    assert.equal(lines.length, 3)
    assert.equal(lines[2], 'lost: ... and 2 more')
  })
})
