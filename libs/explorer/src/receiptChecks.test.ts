import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { RECEIPT_CHECKS, receiptCheckResults } from './receiptChecks.js'

describe('receiptCheckResults', () => {
  it('passes every check of a valid receipt', () => {
    assert.deepEqual(
      receiptCheckResults(null).map((r) => r.status),
      RECEIPT_CHECKS.map(() => 'passed'),
    )
  })
  it('marks the failed check, those before passed and those after not reached', () => {
    const results = receiptCheckResults({ code: 'RECEIPT_BAD_PROOF', message: 'no path' })
    assert.deepEqual(
      results.map((r) => r.status),
      ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'failed', 'not reached', 'not reached'],
    )
    assert.equal(results[6]?.message, 'RECEIPT_BAD_PROOF: no path')
  })
  it('treats an error without a receipt code (bad JSON) as a malformed receipt', () => {
    assert.deepEqual(
      receiptCheckResults({ code: 'RECEIPT_MALFORMED', message: 'x' })
        .map((r) => r.status)
        .slice(0, 3),
      ['passed', 'failed', 'not reached'],
    )
    assert.equal(receiptCheckResults({ code: 'SyntaxError', message: 'x' })[1]?.status, 'failed')
  })
})
