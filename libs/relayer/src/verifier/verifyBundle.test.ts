import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { encodeMessage } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { keccak256, pad, toHex, type Hex } from 'viem'
import type { SourceBundle } from '../bundle/SourceBundle.js'
import { isRelaymeshError } from '@relaymesh/errors'
import { buildBlockBundles } from '../watcher/buildBlockBundles.js'
import { dispatchLog, syntheticBlock, syntheticMessages, syntheticReceipt, type SyntheticReceipt } from '../testing/syntheticBlock.js'
import { verifyBundle } from './verifyBundle.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356
const opts = { outbox, destinations: new Set([destination]), maxPayloadBytes: 65_536 }

function bundleOf(receipts: SyntheticReceipt[], maxBytes = 900_000): SourceBundle[] {
  const { block } = syntheticBlock(receipts, 100n, pad('0x01'), (h) => hashBlockHeader(h))
  return buildBlockBundles({ origin, outbox, block, receipts, maxBytes, now: 0 })
}

function only(bundles: SourceBundle[]): SourceBundle {
  assert.equal(bundles.length, 1)
  return bundles[0] as SourceBundle
}

describe('verifyBundle', () => {
  test('verifies every message of a real-format block', () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 300, perReceipt: 3 })
    const result = verifyBundle(only(bundleOf(receipts)), opts)
    assert.equal(result.rejected.length, 0)
    assert.deepEqual(result.verified.map((v) => v.id), ids)
  })

  test('a block split in parts verifies part by part', () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 400 })
    const parts = bundleOf(receipts, 60_000)
    assert.ok(parts.length > 2, `expected several parts, got ${parts.length}`)
    const verified = parts.flatMap((p) => verifyBundle(p, opts).verified.map((v) => v.id))
    assert.deepEqual(verified, ids)
  })

  test('header not hashing to the claimed block hash rejects the bundle', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 2 })
    const bundle = { ...only(bundleOf(receipts)), blockHash: pad('0xbad') }
    assert.throws(() => verifyBundle(bundle, opts), (e) => isRelaymeshError(e, 'HEADER_HASH_MISMATCH'))
  })

  test('forged receipt proof: RECEIPT_PROOF_INVALID', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 20 })
    const bundle = only(bundleOf(receipts))
    const forged = { ...bundle, nodes: bundle.nodes.map((n, i) => (i === bundle.nodes.length - 1 ? (`${n.slice(0, -2)}ff` as Hex) : n)) }
    const result = verifyBundle(forged, opts)
    assert.ok(result.rejected.length >= 1)
    assert.ok(result.rejected.every((r) => r.code === 'RECEIPT_PROOF_INVALID'))
  })

  test('log from another contract: WRONG_OUTBOX', () => {
    const message = { version: 2, nonce: 0n, origin, sender: pad('0x01'), destination, recipient: pad('0x02'), gasLimit: 200_000, payload: '0x' as Hex }
    const rogue = dispatchLog('0x00000000000000000000000000000000000000bb', encodeMessage(message), message)
    const good = syntheticMessages({ origin, destination, outbox, count: 1 }).receipts[0] as SyntheticReceipt
    const receipts = [syntheticReceipt([...good.logs, rogue], 0)]
    const bundle = only(bundleOf(receipts))
    const claim = bundle.receipts[0]
    assert.ok(claim)
    claim.logs.push({ logIndex: 1, messageId: rogue.topics[1] as Hex })
    const result = verifyBundle(bundle, opts)
    assert.equal(result.verified.length, 1)
    assert.deepEqual(result.rejected.map((r) => r.code), ['WRONG_OUTBOX'])
  })

  test('an Outbox log that is not a well-formed Dispatch event: NOT_DISPATCH_EVENT', () => {
    const message = { version: 2, nonce: 0n, origin, sender: pad('0x01'), destination, recipient: pad('0x02'), gasLimit: 200_000, payload: '0x' as Hex }
    const dispatch = dispatchLog(outbox, encodeMessage(message), message)
    const otherEvent = { ...dispatch, topics: [keccak256(toHex('Paused(address)')), pad('0x01')] as Hex[] }
    const garbledData = { ...dispatch, data: '0x1234' as Hex }
    const good = syntheticMessages({ origin, destination, outbox, count: 1 }).receipts[0] as SyntheticReceipt
    const bundle = only(bundleOf([syntheticReceipt([...good.logs, otherEvent, garbledData], 0)]))
    const claim = bundle.receipts[0]
    assert.ok(claim)
    // The watcher claims the Dispatch-topic log with garbled data itself; a claim of the other event is a forged one.
    claim.logs.push({ logIndex: 1, messageId: pad('0x51') })
    const result = verifyBundle(bundle, opts)
    assert.equal(result.verified.length, 1)
    assert.deepEqual(result.rejected.map((r) => [r.code, r.logIndex]).sort(), [['NOT_DISPATCH_EVENT', 1], ['NOT_DISPATCH_EVENT', 2]])
  })

  test('malformed message, unknown version, oversized payload, unknown route, wrong origin', () => {
    const cases: Array<[string, Uint8Array]> = []
    const base = { version: 2, nonce: 1n, origin, sender: pad('0x01'), destination, recipient: pad('0x02'), gasLimit: 200_000, payload: '0x' as Hex }
    cases.push(['MESSAGE_MALFORMED', encodeMessage(base).subarray(0, 40)])
    const v1 = encodeMessage(base)
    v1[0] = 1
    cases.push(['MESSAGE_MALFORMED', v1])
    cases.push(['PAYLOAD_TOO_LARGE', encodeMessage({ ...base, payload: toHex(new Uint8Array(2000)) })])
    cases.push(['UNKNOWN_ROUTE', encodeMessage({ ...base, destination: 999 })])
    cases.push(['WRONG_ORIGIN', encodeMessage({ ...base, origin: 56 })])
    const receipts = cases.map(([, bytes], i) => syntheticReceipt([dispatchLog(outbox, bytes, { destination: i === 3 ? 999 : destination, nonce: 1n })], i))
    const result = verifyBundle(only(bundleOf(receipts)), { ...opts, maxPayloadBytes: 1024 })
    assert.equal(result.verified.length, 0)
    assert.deepEqual(result.rejected.map((r) => r.code), cases.map(([code]) => code))
  })

  test('rejected candidates between verified ones: every field of each verified message is its own', () => {
    const messages = Array.from({ length: 6 }, (_, i) => ({
      version: 2, nonce: 2n ** 40n + BigInt(i), origin, sender: pad(toHex(i + 1)), destination: i === 2 ? 999 : destination,
      recipient: pad(toHex(100 + i)), gasLimit: 100_000 + i, payload: toHex(new Uint8Array(i * 7).fill(i)),
    }))
    const message = (i: number) => messages[i] as (typeof messages)[number] // reason: i < 6
    // Message 4 is logged with another origin: it is hashed with the others and rejected after, as is 2 (unknown route).
    const receipts = messages.map((m, i) => syntheticReceipt([dispatchLog(outbox, encodeMessage(i === 4 ? { ...m, origin: 56 } : m), m)], i))
    const mixed = only(bundleOf(receipts))
    const result = verifyBundle(mixed, opts)
    assert.deepEqual(result.rejected.map((r) => [r.code, r.logIndex, r.txHash]), [
      ['UNKNOWN_ROUTE', 0, mixed.receipts[2]?.txHash], ['WRONG_ORIGIN', 0, mixed.receipts[4]?.txHash],
    ])
    const kept = [0, 1, 3, 5]
    assert.deepEqual(result.verified.map((v) => v.message), kept.map(message))
    assert.deepEqual(result.verified.map((v) => toHex(v.encoded)), kept.map((i) => toHex(encodeMessage(message(i)))))
    assert.deepEqual(result.verified.map((v) => v.id), kept.map((i) => mixed.receipts[i]?.logs[0]?.messageId))
    assert.deepEqual(result.verified.map((v) => [v.txHash, v.txIndex]), kept.map((i) => [mixed.receipts[i]?.txHash, i]))
  })

  test('claimed id differing from the log: MESSAGE_ID_MISMATCH; missing log: LOG_NOT_FOUND', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 1 })
    const bundle = only(bundleOf(receipts))
    const claim = bundle.receipts[0]
    assert.ok(claim)
    claim.logs = [{ logIndex: 0, messageId: pad('0x99') }, { logIndex: 7, messageId: pad('0x98') }]
    assert.deepEqual(verifyBundle(bundle, opts).rejected.map((r) => r.code), ['MESSAGE_ID_MISMATCH', 'LOG_NOT_FOUND'])
  })
})
