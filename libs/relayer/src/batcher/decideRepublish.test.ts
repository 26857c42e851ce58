import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BusError } from '@relaymesh/bus'
import { RelayerError } from '../RelayerError.js'
import { decideRepublish, type SealAttempt } from './decideRepublish.js'

describe('decideRepublish', () => {
  const table: [string, SealAttempt, boolean][] = [
    ['the seal succeeded (or had nothing to do)', { kind: 'done' }, false],
    [
      'the publish was not acknowledged',
      { kind: 'failed', error: new BusError('no ack', { code: 'BUS_PUBLISH_FAILED', action: 'retry' }) },
      true,
    ],
    [
      'the proposal was too large to publish (nothing sent)',
      { kind: 'failed', error: new BusError('too large', { code: 'BUS_PAYLOAD_TOO_LARGE', action: 'reject' }) },
      false,
    ],
    [
      'a relayer error before the publish',
      { kind: 'failed', error: new RelayerError('wait', { code: 'BATCH_PENDING_VERIFICATION', action: 'retry' }) },
      false,
    ],
    ['a store failure', { kind: 'failed', error: new Error('connection reset') }, false],
    ['a plain error whose message names the code', { kind: 'failed', error: new Error('BUS_PUBLISH_FAILED') }, false],
  ]
  for (const [name, attempt, expected] of table)
    it(name, () => {
      assert.equal(decideRepublish(attempt), expected)
    })
})
