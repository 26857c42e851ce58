import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeReceipt } from './decodeReceipt.js'
import { encodeReceipt } from './encodeReceipt.js'
import { encodeRlp } from './encodeRlp.js'
import { bytesToHex } from './hex.js'
import type { RpcReceipt } from './Receipt.js'
import { isReceiptProofError } from './testing/assertCode.js'
import { filler, syntheticReceipt } from './testing/syntheticReceipts.js'
import { loadMainnetBlock } from './testing/vectors.js'

function assertMatchesJson(bytes: Uint8Array, json: RpcReceipt): void {
  const decoded = decodeReceipt(bytes)
  assert.equal(decoded.type, Number(json.type ?? '0x0'))
  assert.equal(decoded.status, Number(json.status))
  assert.equal(decoded.cumulativeGasUsed, BigInt(json.cumulativeGasUsed))
  assert.equal(bytesToHex(decoded.logsBloom), json.logsBloom)
  assert.deepEqual(
    decoded.logs.map((log) => ({ address: log.address, topics: log.topics, data: bytesToHex(log.data) })),
    json.logs.map((log) => ({
      address: log.address.toLowerCase(),
      topics: log.topics.map((t) => t.toLowerCase()),
      data: log.data,
    })),
  )
}

describe('receipts: EIP-2718 encoding and decoding', () => {
  const { receipts } = loadMainnetBlock()

  it('round-trips all 202 mainnet receipts (types 0x0 and 0x2, failed ones too)', () => {
    for (const receipt of receipts) assertMatchesJson(encodeReceipt(receipt), receipt)
    assert.ok(receipts.some((r) => r.type === '0x0') && receipts.some((r) => r.status === '0x0'))
  })

  it('prefixes typed receipts with their type byte and leaves legacy ones a bare RLP list', () => {
    for (let type = 0; type <= 4; type++) {
      const json = { ...syntheticReceipt(type), type: `0x${type}` as const }
      const bytes = encodeReceipt(json)
      assert.equal(bytes[0], type === 0 ? 0xf9 : type)
      assertMatchesJson(bytes, json)
    }
  })

  it('treats a missing type as legacy', () => {
    const { type: _type, ...legacy } = syntheticReceipt(0)
    assert.deepEqual(encodeReceipt(legacy), encodeReceipt({ ...legacy, type: '0x0' }))
  })

  it('encodes a pre-Byzantium receipt with its state root (EIP-658)', () => {
    const root = filler(9, 32)
    const decoded = decodeReceipt(encodeReceipt({ ...syntheticReceipt(0), status: undefined, root }))
    assert.equal(decoded.root, root)
    assert.equal(decoded.status, undefined)
  })

  const badJson: [string, RpcReceipt][] = [
    ['an unsupported type (0x7e deposit)', { ...syntheticReceipt(1), type: '0x7e' }],
    ['status 0x2', { ...syntheticReceipt(1), status: '0x2' }],
    ['neither status nor root', { ...syntheticReceipt(1), status: null }],
    ['a 255-byte bloom', { ...syntheticReceipt(1), logsBloom: filler(1, 255) }],
    ['a 19-byte log address', { ...syntheticReceipt(1), logs: [{ address: filler(1, 19), topics: [], data: '0x' }] }],
    [
      'five topics',
      { ...syntheticReceipt(1), logs: [{ address: filler(1, 20), topics: Array(5).fill(filler(1, 32)), data: '0x' }] },
    ],
    ['non-hex data', { ...syntheticReceipt(1), logs: [{ address: filler(1, 20), topics: [], data: '0xzz' }] }],
  ]
  for (const [name, json] of badJson) {
    it(`encoding rejects ${name} with RECEIPT_INVALID`, () => {
      assert.throws(() => encodeReceipt(json), isReceiptProofError('RECEIPT_INVALID'))
    })
  }

  const good = encodeReceipt(syntheticReceipt(2))
  const z = new Uint8Array()
  const badBytes: [string, Uint8Array][] = [
    ['empty bytes', z],
    ['an unknown type byte', Uint8Array.of(0x05, ...good.subarray(1))],
    ['a type byte with no body', Uint8Array.of(0x02)],
    ['a truncated body', good.subarray(0, good.length - 1)],
    ['three fields', encodeRlp([z, z, new Uint8Array(256)])],
    ['status 2', encodeRlp([Uint8Array.of(2), z, new Uint8Array(256), []])],
    ['a non-minimal cumulativeGasUsed', encodeRlp([z, Uint8Array.of(0, 1), new Uint8Array(256), []])],
    ['a short bloom', encodeRlp([z, z, new Uint8Array(255), []])],
    ['a log with a 21-byte address', encodeRlp([z, z, new Uint8Array(256), [[new Uint8Array(21), [], z]]])],
    ['a log with 2 fields', encodeRlp([z, z, new Uint8Array(256), [[new Uint8Array(20), []]]])],
    ['logs as bytes', encodeRlp([z, z, new Uint8Array(256), z])],
  ]
  for (const [name, bytes] of badBytes) {
    it(`decoding rejects ${name} with RECEIPT_INVALID`, () => {
      assert.throws(() => decodeReceipt(bytes), isReceiptProofError('RECEIPT_INVALID'))
    })
  }
})
