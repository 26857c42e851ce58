import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { REASON_CODES } from './ReasonCode.js'
import { RELAYER_REASON_CODES } from './relayerReasonCodes.js'
import { SERVICE_REASON_CODES } from './serviceReasonCodes.js'
import { TRANSPORT_REASON_CODES } from './transportReasonCodes.js'
import { VERIFICATION_REASON_CODES } from './verificationReasonCodes.js'

describe('REASON_CODES', () => {
  it('holds each group whole, and no code in two groups (the later would silently replace the earlier)', () => {
    const groups = [RELAYER_REASON_CODES, VERIFICATION_REASON_CODES, TRANSPORT_REASON_CODES, SERVICE_REASON_CODES]
    const codes = groups.flatMap((group) => Object.keys(group))
    assert.deepEqual(Object.keys(REASON_CODES), codes)
    assert.equal(new Set(codes).size, codes.length)
  })
})
