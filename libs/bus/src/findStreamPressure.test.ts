import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findStreamPressure } from './findStreamPressure.js'

const lagging = { name: 'verifier', ackFloor: 2, numPending: 90, numAckPending: 8 }

describe('findStreamPressure', () => {
  it('a stream with its reserve free is never full', () => {
    assert.deepEqual(findStreamPressure({ bytes: 900, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [lagging]), {
      full: false,
    })
  })
  it('a nearly full stream whose oldest messages a consumer has not acked is full, naming that consumer', () => {
    assert.deepEqual(findStreamPressure({ bytes: 950, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [lagging]), {
      full: true,
      consumer: 'verifier',
      headroomBytes: 69,
      reserveBytes: 100,
    })
  })
  it('a nearly full stream of acked messages is not full: dropping them loses nothing', () => {
    const caughtUp = { ...lagging, ackFloor: 95 }
    assert.deepEqual(findStreamPressure({ bytes: 990, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [caughtUp]), {
      full: false,
    })
  })
  it('a consumer with nothing pending never holds the stream, whatever its ack floor (a filter whose subject is quiet)', () => {
    const quiet = { name: 'parlia_56', ackFloor: 0, numPending: 0, numAckPending: 0 }
    assert.deepEqual(findStreamPressure({ bytes: 1000, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [quiet]), {
      full: false,
    })
  })
  it('names the consumer with the least headroom', () => {
    const pressure = findStreamPressure({ bytes: 1000, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [
      { ...lagging, name: 'a', ackFloor: 5 },
      { ...lagging, name: 'b', ackFloor: 1 },
    ])
    assert.equal(pressure.full && pressure.consumer, 'b')
  })
  it('a stream without a byte limit is never full', () => {
    assert.deepEqual(findStreamPressure({ bytes: 10, maxBytes: -1, firstSeq: 1, lastSeq: 2 }, [lagging]), {
      full: false,
    })
  })
})
