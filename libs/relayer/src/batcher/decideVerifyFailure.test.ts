import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BusError } from '@relaymesh/bus'
import { BaseError } from '@relaymesh/errors'
import { RelayerError } from '../RelayerError.js'
import { decideVerifyFailure, type VerifyFailureDecision } from './decideVerifyFailure.js'

const refuse = (reasonCode: string, message: string): VerifyFailureDecision =>
  // reason: the table names registered reason codes
  ({ kind: 'refuse', reasonCode, details: { message } }) as VerifyFailureDecision

describe('decideVerifyFailure', () => {
  const table: [string, unknown, VerifyFailureDecision][] = [
    [
      'no proposer configured (reject by default)',
      new RelayerError('no proposer', { code: 'BATCH_WRONG_PROPOSER' }),
      refuse('BATCH_WRONG_PROPOSER', 'no proposer'),
    ],
    [
      'invalid proposer signature',
      new RelayerError('bad signature', { code: 'BATCH_SIGNATURE_INVALID', action: 'reject' }),
      refuse('BATCH_SIGNATURE_INVALID', 'bad signature'),
    ],
    [
      'root does not follow from the ids',
      new RelayerError('bad root', { code: 'BATCH_ROOT_MISMATCH' }),
      refuse('BATCH_ROOT_MISMATCH', 'bad root'),
    ],
    [
      'hash does not follow from the header',
      new RelayerError('bad hash', { code: 'BATCH_HASH_MISMATCH' }),
      refuse('BATCH_HASH_MISMATCH', 'bad hash'),
    ],
    [
      'conflicts with a settled local batch',
      new RelayerError('conflict', { code: 'BATCH_CHAIN_MISMATCH' }),
      refuse('BATCH_CHAIN_MISMATCH', 'conflict'),
    ],
    [
      'a rejecting error with an unregistered code',
      new BaseError('odd', { code: 'NOT_A_REASON_CODE', action: 'reject' }),
      refuse('UNCLASSIFIED_ERROR', 'odd'),
    ],
    [
      'a retryable relayer error',
      new RelayerError('later', { code: 'BATCH_PENDING_VERIFICATION', action: 'retry' }),
      { kind: 'rethrow' },
    ],
    [
      'a retryable bus error',
      new BusError('no ack', { code: 'BUS_PUBLISH_FAILED', action: 'retry' }),
      { kind: 'rethrow' },
    ],
    ['a fatal error', new RelayerError('stop', { code: 'BATCH_CHAIN_MISMATCH', action: 'fatal' }), { kind: 'rethrow' }],
    ['a plain Error (a store failure)', new Error('connection reset'), { kind: 'rethrow' }],
    ['a thrown non-error', 'boom', { kind: 'rethrow' }],
  ]
  for (const [name, error, expected] of table)
    it(name, () => {
      assert.deepEqual(decideVerifyFailure(error), expected)
    })
})
