import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FinalityStatus } from '../finality/FinalityProvider.js'
import { decideFinalityVerdict, type FinalityVerdict } from './decideFinalityVerdict.js'

describe('decideFinalityVerdict', () => {
  const cases: Array<[string, FinalityStatus, FinalityVerdict]> = [
    [
      'final: verify, with the rule that said so',
      { status: 'final', verification: 'light-client' },
      { kind: 'verify', verification: 'light-client' },
    ],
    [
      'pending: retried as BLOCK_NOT_FINAL, never refused',
      { status: 'pending', reason: 'head at 90' },
      { kind: 'retry', code: 'BLOCK_NOT_FINAL', reason: 'block not final: head at 90' },
    ],
    [
      'pending because the endpoints disagree: retried with that code',
      { status: 'pending', reason: 'two hashes', code: 'FINALITY_ENDPOINTS_DISAGREE' },
      { kind: 'retry', code: 'FINALITY_ENDPOINTS_DISAGREE', reason: 'block not final: two hashes' },
    ],
    [
      'orphaned: refused whole as BLOCK_NOT_CANONICAL',
      { status: 'orphaned', canonicalHash: '0xbb' },
      { kind: 'refuse', refused: { code: 'BLOCK_NOT_CANONICAL', reason: 'canonical hash is 0xbb' } },
    ],
    [
      'orphaned with no canonical block at that height',
      { status: 'orphaned', canonicalHash: undefined },
      { kind: 'refuse', refused: { code: 'BLOCK_NOT_CANONICAL', reason: 'canonical hash is undefined' } },
    ],
  ]
  for (const [name, status, verdict] of cases)
    it(name, () => {
      assert.deepEqual(decideFinalityVerdict(status), verdict)
    })
})
