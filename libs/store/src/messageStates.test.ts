import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  MESSAGE_STATES,
  MESSAGE_TRANSITIONS,
  allowedFromStates,
  assertTransition,
  canTransition,
} from './messageStates.js'
import { BATCH_STATES, BATCH_TRANSITIONS, assertBatchTransition } from './batchStates.js'
import { isRelaymeshError } from '@relaymesh/errors'

describe('message state machine', () => {
  for (const from of MESSAGE_STATES)
    for (const to of MESSAGE_STATES) {
      const legal = MESSAGE_TRANSITIONS[from].includes(to)
      it(`${from} -> ${to} is ${legal ? 'legal' : 'illegal'}`, () => {
        assert.equal(canTransition(from, to), legal)
        if (legal) assertTransition(from, to)
        else
          assert.throws(
            () => assertTransition(from, to),
            (e: unknown) => isRelaymeshError(e, 'ILLEGAL_TRANSITION') && e.action === 'reject',
          )
      })
    }

  it('derives allowed from-states from the table', () => {
    assert.deepEqual(allowedFromStates('executed'), ['settled', 'failed'])
    assert.deepEqual(allowedFromStates('failed'), ['settled', 'failed'])
    assert.deepEqual(allowedFromStates('batched'), ['verified'])
    assert.deepEqual(allowedFromStates('verified'), ['observed', 'batched'])
    assert.deepEqual(allowedFromStates('observed'), [])
  })

  it('keeps rejected and executed final', () => {
    assert.deepEqual(MESSAGE_TRANSITIONS.rejected, [])
    assert.deepEqual(MESSAGE_TRANSITIONS.executed, [])
  })
})

describe('batch state machine', () => {
  for (const from of BATCH_STATES)
    for (const to of BATCH_STATES) {
      const legal = BATCH_TRANSITIONS[from].includes(to)
      it(`batch ${from} -> ${to} is ${legal ? 'legal' : 'illegal'}`, () => {
        if (legal) assertBatchTransition(from, to)
        else
          assert.throws(
            () => assertBatchTransition(from, to),
            (e: unknown) => isRelaymeshError(e, 'ILLEGAL_TRANSITION'),
          )
      })
    }
})
