import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSettlementMode, type SettlementModeDecision, type SettlementModeState } from './decideSettlementMode.js'

const options = { maxGas: 1_200_000n, gasMarginTenths: 12n }
const complete = { messageCount: 3, leafIndexes: [0, 1, 2] }

describe('decideSettlementMode', () => {
  const table: [string, SettlementModeState, SettlementModeDecision][] = [
    ['messages complete, no estimate yet', complete, { kind: 'estimate' }],
    [
      'a message row missing',
      { messageCount: 3, leafIndexes: [0, 1] },
      { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' },
    ],
    [
      'more rows than messages',
      { messageCount: 2, leafIndexes: [0, 1, 2] },
      { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' },
    ],
    [
      'rows out of leaf order',
      { messageCount: 3, leafIndexes: [0, 2, 1] },
      { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' },
    ],
    [
      'a gap in the leaves, right count',
      { messageCount: 3, leafIndexes: [0, 1, 3] },
      { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' },
    ],
    [
      'incomplete wins over an estimate',
      { messageCount: 3, leafIndexes: [0, 1], estimate: { ok: true, gas: 1n } },
      { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' },
    ],
    [
      'the estimate reverted with a known error',
      { ...complete, estimate: { ok: false, revert: 'InsufficientGasForRecipient' } },
      { kind: 'two-step', why: 'ESTIMATE_REVERTED', revert: 'InsufficientGasForRecipient' },
    ],
    [
      'the estimate reverted, undecodable',
      { ...complete, estimate: { ok: false, revert: undefined } },
      { kind: 'two-step', why: 'ESTIMATE_REVERTED', revert: undefined },
    ],
    [
      'fits with its margin',
      { ...complete, estimate: { ok: true, gas: 500_000n } },
      { kind: 'one-shot', gas: 600_000n },
    ],
    [
      'exactly maxGas with its margin',
      { ...complete, estimate: { ok: true, gas: 1_000_000n } },
      { kind: 'one-shot', gas: 1_200_000n },
    ],
    [
      'fits without the margin, not with it',
      { ...complete, estimate: { ok: true, gas: 1_000_001n } },
      { kind: 'two-step', why: 'OVER_MAX_GAS' },
    ],
    ['an empty batch', { messageCount: 0, leafIndexes: [] }, { kind: 'estimate' }],
  ]
  for (const [name, state, expected] of table)
    it(name, () => {
      assert.deepEqual(decideSettlementMode(state, options), expected)
    })

  it('the margin rounds down', () => {
    const decision = decideSettlementMode(
      { ...complete, estimate: { ok: true, gas: 7n } },
      { maxGas: 100n, gasMarginTenths: 12n },
    )
    assert.deepEqual(decision, { kind: 'one-shot', gas: 8n })
  })
})
