import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LightClientError } from '@relaymesh/light-client'
import { pad } from 'viem'
import { refusedParliaHeader } from './refusedParliaHeader.js'

const hash = pad('0x0a')
const parliaError = (
  code: 'PARLIA_UNKNOWN_SIGNER' | 'PARLIA_BAD_SEAL',
  message: string,
  meta: Record<string, unknown>,
) => new LightClientError(message, { code, meta })

test('a run refused for a signer outside the validator set names its header', () => {
  const error = parliaError('PARLIA_UNKNOWN_SIGNER', 'Sealed by an address outside the validator set', {
    number: 40n,
    hash,
  })
  assert.deepEqual(refusedParliaHeader(error), { number: 40n, hash })
})

test('other refusals, errors without the header, and foreign errors name none', () => {
  assert.equal(refusedParliaHeader(parliaError('PARLIA_BAD_SEAL', 'x', { number: 40n, hash })), undefined)
  assert.equal(refusedParliaHeader(parliaError('PARLIA_UNKNOWN_SIGNER', 'x', { number: 40n })), undefined)
  assert.equal(refusedParliaHeader(parliaError('PARLIA_UNKNOWN_SIGNER', 'x', { number: '40', hash })), undefined)
  assert.equal(refusedParliaHeader(new Error('PARLIA_UNKNOWN_SIGNER')), undefined)
})
