import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { incomingBundleCodec } from './bundleCodec.js'
import { BUNDLE_WIRE_CONTENT_TYPE } from './BundleWire.js'
import { checkBundleWire, decodeBundleWire } from './decodeBundleWire.js'
import { decodeSolanaSlotWire } from './decodeSolanaSlotWire.js'
import { encodeSolanaSlotWire, type EncodeSolanaSlotWireParameters } from './encodeSolanaSlotWire.js'

const malformed = (e: unknown) => isRelaymeshError(e, 'BUNDLE_MALFORMED')
const filled = (length: number, value: number) => new Uint8Array(length).fill(value)

const slot: EncodeSolanaSlotWireParameters = {
  origin: 1_399_811_150,
  blockNumber: 4242n,
  blockHash: filled(32, 7),
  observedAt: 1_700_000_000_123.5,
  blockTime: 1_700_000_000,
  commitment: filled(126, 3),
  signatures: [
    { signer: filled(32, 1), signature: filled(64, 2) },
    { signer: filled(32, 4), signature: filled(64, 5) },
  ],
  transactions: [
    { signature: filled(64, 8), err: null, wire: filled(300, 9) },
    { signature: filled(64, 10), err: { InstructionError: [0, { Custom: 1 }] }, wire: filled(200, 11) },
  ],
  claims: [
    { messageId: filled(32, 12), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    { messageId: filled(32, 13), traceparent: undefined },
  ],
}

describe('Solana slot wire codec', () => {
  const bytes = encodeSolanaSlotWire(slot)

  test('round trip: every field back as it was, the head read the same way as an EVM part', () => {
    const { source, parentHash, part, partCount, messageCount, ...decoded } = decodeSolanaSlotWire(bytes)
    assert.deepEqual(
      { source, parentHash, part, partCount, messageCount },
      {
        source: 'solana',
        parentHash: new Uint8Array(32),
        part: 0,
        partCount: 1,
        messageCount: 2,
      },
    )
    assert.deepEqual(decoded, slot)
    assert.deepEqual(checkBundleWire(bytes), incomingBundleCodec.decode(bytes, BUNDLE_WIRE_CONTENT_TYPE).head)
    assert.equal(checkBundleWire(bytes).source, 'solana')
    const { blockTime: _time, ...withoutTime } = slot
    assert.equal(
      decodeSolanaSlotWire(encodeSolanaSlotWire({ ...withoutTime, blockTime: undefined })).blockTime,
      undefined,
    )
  })

  test('a Solana part is no EVM block and an EVM decoder says so: BUNDLE_MALFORMED', () => {
    assert.throws(() => decodeBundleWire(bytes), malformed)
  })

  test('every truncation and any trailing byte is BUNDLE_MALFORMED, for decode and check alike', () => {
    for (let length = 0; length < bytes.length; length++) {
      const cut = bytes.subarray(0, length)
      assert.throws(() => decodeSolanaSlotWire(cut), malformed, `cut at ${length}`)
      assert.throws(() => checkBundleWire(cut), malformed, `cut at ${length}`)
    }
    assert.throws(() => checkBundleWire(Uint8Array.of(...bytes, 0)), malformed)
  })

  test('any single corrupted byte decodes or is BUNDLE_MALFORMED, never another error; check agrees', () => {
    for (let at = 0; at < bytes.length; at++) {
      const input = bytes.slice()
      input[at] = (input[at] as number) ^ 0xff
      let decoded = true
      try {
        decodeSolanaSlotWire(input)
      } catch (error) {
        assert.ok(malformed(error), `byte ${at}: ${String(error)}`)
        decoded = false
      }
      let checked = true
      try {
        checkBundleWire(input)
      } catch {
        checked = false
      }
      assert.equal(checked, decoded, `byte ${at}`)
    }
  })

  test('encoding refuses what the wire cannot carry', () => {
    assert.throws(() => encodeSolanaSlotWire({ ...slot, blockHash: filled(31, 0) }), malformed)
    assert.throws(
      () => encodeSolanaSlotWire({ ...slot, claims: [{ messageId: filled(31, 0), traceparent: undefined }] }),
      malformed,
    )
    assert.throws(
      () => encodeSolanaSlotWire({ ...slot, signatures: [{ signer: filled(32, 0), signature: filled(63, 0) }] }),
      malformed,
    )
  })
})
