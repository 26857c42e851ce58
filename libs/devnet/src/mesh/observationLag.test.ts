import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { observationLag } from './observationLag.js'

describe('observationLag', () => {
  it('gives p50 and p99 of the lag over the messages both relayers observed', () => {
    const first = new Map<string, number>()
    const other = new Map<string, number>()
    for (let i = 0; i < 101; i++) {
      first.set(`m${i}`, 1_000_000)
      other.set(`m${i}`, 1_000_000 + i * 1000) // message i observed i seconds later
    }
    first.set('only-first', 5)
    other.set('only-other', 5)
    assert.deepEqual(observationLag(first, other), { count: 101, p50: 50, p99: 99 })
  })

  it('interpolates between ranks as percentile_cont does, and keeps a lead as a negative lag', () => {
    const first = new Map([
      ['a', 10_000],
      ['b', 10_000],
    ])
    const other = new Map([
      ['a', 8_000],
      ['b', 12_000],
    ])
    assert.deepEqual(observationLag(first, other), { count: 2, p50: 0, p99: 1.96 })
  })

  it('is undefined when no message is shared', () => {
    assert.equal(observationLag(new Map([['a', 1]]), new Map([['b', 1]])), undefined)
    assert.equal(observationLag(new Map(), new Map()), undefined)
  })
})
