import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isMessageTraceKeeper } from './isMessageTraceKeeper.js'

const relayers = { r2: '0x02', r1: '0x01', r3: '0x03' }
const proposers = { 31337: 'r2', 56: 'r3' }

describe('isMessageTraceKeeper', () => {
  it('exactly one relayer of the mesh keeps each destination: its proposer, else (and for a refused claim, which has none) the first relayer id', () => {
    const cases: [number | undefined, string][] = [[31337, 'r2'], [56, 'r3'], [1399811150, 'r1'], [undefined, 'r1']]
    for (const [destination, keeper] of cases) {
      const keepers = Object.keys(relayers).filter((relayerId) => isMessageTraceKeeper({ relayerId, relayers, proposers }, destination))
      assert.deepEqual(keepers, [keeper], `destination ${destination}`)
    }
  })
  it('a lone relayer (no relayer set listed) keeps every root, refused claims included', () => {
    assert.equal(isMessageTraceKeeper({ relayerId: 'solo', relayers: {}, proposers: {} }, undefined), true)
    assert.equal(isMessageTraceKeeper({ relayerId: 'solo', relayers: {}, proposers: {} }, 56), true)
  })
})
