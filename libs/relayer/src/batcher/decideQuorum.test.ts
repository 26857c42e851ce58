import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BatchState } from '@relaymesh/store'
import { decideQuorum, type QuorumDecision } from './decideQuorum.js'

describe('decideQuorum', () => {
  const table: [string, { state: BatchState; signatures: number } | null, number, QuorumDecision][] = [
    ['no batch', null, 2, 'short'],
    ['one signature of two', { state: 'proposed', signatures: 1 }, 2, 'short'],
    ['the quorum, still proposed', { state: 'proposed', signatures: 2 }, 2, 'promote'],
    ['more than the quorum', { state: 'proposed', signatures: 3 }, 2, 'promote'],
    ['threshold 1: the proposer alone', { state: 'proposed', signatures: 1 }, 1, 'promote'],
    ['already signed', { state: 'signed', signatures: 2 }, 2, 'signed'],
    ['refused with enough signatures (its timeout came first)', { state: 'refused', signatures: 2 }, 2, 'moved-on'],
    ['submitted', { state: 'submitted', signatures: 2 }, 2, 'moved-on'],
    ['refused, short', { state: 'refused', signatures: 1 }, 2, 'short'],
  ]
  for (const [name, batch, threshold, expected] of table)
    it(`${name}: ${expected}`, () => assert.equal(decideQuorum(batch, threshold), expected))
})
