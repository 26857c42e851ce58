import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isMessageTraceKeeper, traceKeeperId } from './isMessageTraceKeeper.js'

const relayers = { r2: '0x02', r1: '0x01', r3: '0x03' }

describe('isMessageTraceKeeper', () => {
  it('exactly one relayer of the mesh keeps every root, whatever the destination or verdict: the first relayer id', () => {
    assert.deepEqual(
      Object.keys(relayers).filter((relayerId) => isMessageTraceKeeper({ relayerId, relayers })),
      ['r1'],
    )
    assert.equal(traceKeeperId({ relayerId: 'r3', relayers }), 'r1')
  })
  it('a lone relayer (no relayer set listed) keeps every root', () => {
    assert.equal(isMessageTraceKeeper({ relayerId: 'solo', relayers: {} }), true)
  })
})
