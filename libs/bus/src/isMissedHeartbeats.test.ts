import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JetStreamError } from '@nats-io/jetstream'
import { isMissedHeartbeats } from './isMissedHeartbeats.js'

describe('isMissedHeartbeats', () => {
  it('recognises the error a fetch ends with after two missed idle heartbeats', () => {
    // The exact error @nats-io/jetstream's pull consumer stops a fetch with (lib/consumer.js, IdleHeartbeatMonitor).
    assert.equal(isMissedHeartbeats(new JetStreamError('heartbeats missed')), true)
    // And the status the server sends for it (409 "Idle Heartbeats Missed"), as the client words it.
    assert.equal(isMissedHeartbeats(new JetStreamError('idle heartbeats missed')), true)
  })

  it('leaves every other failure to count towards giving up', () => {
    assert.equal(isMissedHeartbeats(new JetStreamError('consumer deleted')), false)
    assert.equal(isMissedHeartbeats(new Error('heartbeats missed')), false)
    assert.equal(isMissedHeartbeats(undefined), false)
  })
})
