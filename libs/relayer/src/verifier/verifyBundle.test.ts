import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { bytesToHex, encodeMessage, hexToBytes, MESSAGE_VERSION } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { keccak256, pad, toHex, type Hex } from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import { buildBlockBundleWires } from '../watcher/buildBlockBundleWires.js'
import { editBundleWire } from '../testing/editBundleWire.js'
import {
  dispatchLog,
  syntheticBlock,
  syntheticMessages,
  syntheticReceipt,
  type SyntheticReceipt,
} from '../testing/syntheticBlock.js'
import { packedSlice, type PackedVerification } from './PackedVerification.js'
import { verifyBundle } from './verifyBundle.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const destination = 31356
const opts = { outbox, destinations: new Set([destination]), maxPayloadBytes: 65_536 }

function bundleOf(receipts: SyntheticReceipt[], maxBytes = 900_000): Uint8Array[] {
  const { block } = syntheticBlock(receipts, 100n, pad('0x01'), (h) => hashBlockHeader(h))
  return buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes, now: 0 }).map((part) => part.bytes)
}

function only(bundles: Uint8Array[]): Uint8Array {
  assert.equal(bundles.length, 1)
  return bundles[0] as Uint8Array
}

const ids = (v: PackedVerification): Hex[] =>
  Array.from({ length: v.count }, (_, i) => bytesToHex(v.ids.subarray(32 * i, 32 * i + 32)))
const txHashes = (v: PackedVerification): Hex[] =>
  Array.from({ length: v.count }, (_, i) => bytesToHex(packedSlice(v.txHashes, v.txHashEnds, i)))
/** Each verified message re-encoded from its columns (the store's view of it). */
const encodedOf = (v: PackedVerification): Hex[] =>
  Array.from({ length: v.count }, (_, i) =>
    toHex(
      encodeMessage({
        version: MESSAGE_VERSION,
        // reason: i < count
        nonce: v.nonces[i] as bigint,
        origin,
        sender: bytesToHex(v.senders.subarray(32 * i, 32 * i + 32)),
        // reason: i < count
        destination: v.destinations[i] as number,
        recipient: bytesToHex(v.recipients.subarray(32 * i, 32 * i + 32)),
        // reason: i < count
        gasLimit: v.gasLimits[i] as number,
        payload: bytesToHex(packedSlice(v.payloads, v.payloadEnds, i)),
      }),
    ),
  )

describe('verifyBundle', () => {
  test('verifies every message of a real-format block', () => {
    const { receipts, ids: expected } = syntheticMessages({ origin, destination, outbox, count: 300, perReceipt: 3 })
    const result = verifyBundle(only(bundleOf(receipts)), opts)
    assert.equal(result.rejected.length, 0)
    assert.deepEqual(ids(result.verified), expected)
  })

  test('a block split in parts verifies part by part', () => {
    const { receipts, ids: expected } = syntheticMessages({ origin, destination, outbox, count: 400 })
    const parts = bundleOf(receipts, 60_000)
    assert.ok(parts.length > 2, `expected several parts, got ${parts.length}`)
    assert.deepEqual(
      parts.flatMap((p) => ids(verifyBundle(p, opts).verified)),
      expected,
    )
  })

  test('header not hashing to the claimed block hash rejects the bundle', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 2 })
    const bundle = editBundleWire(only(bundleOf(receipts)), (w) => {
      w.blockHash = hexToBytes(pad('0xbad'))
    })
    assert.throws(
      () => verifyBundle(bundle, opts),
      (e) => isRelaymeshError(e, 'HEADER_HASH_MISMATCH'),
    )
  })

  test('forged receipt proof: RECEIPT_PROOF_INVALID', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 20 })
    const forged = editBundleWire(only(bundleOf(receipts)), (w) => {
      const last = (w.nodes.at(-1) as Uint8Array).slice() // reason: a bundle with messages has proof nodes
      last[last.length - 1] = 0xff
      w.nodes[w.nodes.length - 1] = last
    })
    const result = verifyBundle(forged, opts)
    assert.ok(result.rejected.length >= 1)
    assert.ok(result.rejected.every((r) => r.code === 'RECEIPT_PROOF_INVALID'))
  })

  test('log from another contract: WRONG_OUTBOX', () => {
    const message = {
      version: 2,
      nonce: 0n,
      origin,
      sender: pad('0x01'),
      destination,
      recipient: pad('0x02'),
      gasLimit: 200_000,
      payload: '0x' as Hex,
    }
    const rogue = dispatchLog('0x00000000000000000000000000000000000000bb', encodeMessage(message), message)
    const good = syntheticMessages({ origin, destination, outbox, count: 1 }).receipts[0] as SyntheticReceipt
    const receipts = [syntheticReceipt([...good.logs, rogue], 0)]
    const bundle = editBundleWire(only(bundleOf(receipts)), (w) => {
      w.receipts[0]?.logs.push({ logIndex: 1, messageId: hexToBytes(rogue.topics[1] as Hex), traceparent: undefined })
    })
    const result = verifyBundle(bundle, opts)
    assert.equal(result.verified.count, 1)
    assert.deepEqual(
      result.rejected.map((r) => r.code),
      ['WRONG_OUTBOX'],
    )
  })

  test('an Outbox log that is not a well-formed Dispatch event: NOT_DISPATCH_EVENT', () => {
    const message = {
      version: 2,
      nonce: 0n,
      origin,
      sender: pad('0x01'),
      destination,
      recipient: pad('0x02'),
      gasLimit: 200_000,
      payload: '0x' as Hex,
    }
    const dispatch = dispatchLog(outbox, encodeMessage(message), message)
    const otherEvent = { ...dispatch, topics: [keccak256(toHex('Paused(address)')), pad('0x01')] as Hex[] }
    const garbledData = { ...dispatch, data: '0x1234' as Hex }
    const good = syntheticMessages({ origin, destination, outbox, count: 1 }).receipts[0] as SyntheticReceipt
    // The watcher claims the Dispatch-topic log with garbled data itself; a claim of the other event is a forged one.
    const bundle = editBundleWire(
      only(bundleOf([syntheticReceipt([...good.logs, otherEvent, garbledData], 0)])),
      (w) => {
        w.receipts[0]?.logs.push({ logIndex: 1, messageId: hexToBytes(pad('0x51')), traceparent: undefined })
      },
    )
    const result = verifyBundle(bundle, opts)
    assert.equal(result.verified.count, 1)
    assert.deepEqual(result.rejected.map((r) => [r.code, r.logIndex]).sort(), [
      ['NOT_DISPATCH_EVENT', 1],
      ['NOT_DISPATCH_EVENT', 2],
    ])
  })

  test('malformed message, unknown version, oversized payload, unknown route, wrong origin', () => {
    const cases: Array<[string, Uint8Array]> = []
    const base = {
      version: 2,
      nonce: 1n,
      origin,
      sender: pad('0x01'),
      destination,
      recipient: pad('0x02'),
      gasLimit: 200_000,
      payload: '0x' as Hex,
    }
    cases.push(['MESSAGE_MALFORMED', encodeMessage(base).subarray(0, 40)])
    const v1 = encodeMessage(base)
    v1[0] = 1
    cases.push(['MESSAGE_MALFORMED', v1])
    cases.push(['PAYLOAD_TOO_LARGE', encodeMessage({ ...base, payload: toHex(new Uint8Array(2000)) })])
    cases.push(['UNKNOWN_ROUTE', encodeMessage({ ...base, destination: 999 })])
    cases.push(['WRONG_ORIGIN', encodeMessage({ ...base, origin: 56 })])
    const receipts = cases.map(([, bytes], i) =>
      syntheticReceipt([dispatchLog(outbox, bytes, { destination: i === 3 ? 999 : destination, nonce: 1n })], i),
    )
    const result = verifyBundle(only(bundleOf(receipts)), { ...opts, maxPayloadBytes: 1024 })
    assert.equal(result.verified.count, 0)
    assert.deepEqual(
      result.rejected.map((r) => r.code),
      cases.map(([code]) => code),
    )
  })

  test('rejected candidates between verified ones: every field of each verified message is its own', () => {
    const messages = Array.from({ length: 6 }, (_, i) => ({
      version: 2,
      nonce: 2n ** 40n + BigInt(i),
      origin,
      sender: pad(toHex(i + 1)),
      destination: i === 2 ? 999 : destination,
      recipient: pad(toHex(100 + i)),
      gasLimit: 100_000 + i,
      payload: toHex(new Uint8Array(i * 7).fill(i)),
    }))
    const message = (i: number) => messages[i] as (typeof messages)[number] // reason: i < 6
    // Message 4 is logged with another origin: it is hashed with the others and rejected after, as is 2 (unknown
    // route).
    const receipts = messages.map((m, i) =>
      syntheticReceipt([dispatchLog(outbox, encodeMessage(i === 4 ? { ...m, origin: 56 } : m), m)], i),
    )
    const mixed = only(bundleOf(receipts))
    const claims = decodeBundleWire(mixed).receipts
    const txHash = (i: number) => bytesToHex(claims[i]?.txHash ?? new Uint8Array())
    const result = verifyBundle(mixed, opts)
    assert.deepEqual(
      result.rejected.map((r) => [r.code, r.logIndex, bytesToHex(r.txHash)]),
      [
        ['UNKNOWN_ROUTE', 0, txHash(2)],
        ['WRONG_ORIGIN', 0, txHash(4)],
      ],
    )
    const kept = [0, 1, 3, 5]
    assert.deepEqual(
      encodedOf(result.verified),
      kept.map((i) => toHex(encodeMessage(message(i)))),
    )
    assert.deepEqual(
      ids(result.verified),
      kept.map((i) => bytesToHex(claims[i]?.logs[0]?.messageId ?? new Uint8Array())),
    )
    assert.deepEqual(
      [txHashes(result.verified), [...result.verified.logIndexes]],
      [kept.map(txHash), kept.map((i) => claims[i]?.logs[0]?.logIndex)],
    )
  })

  test('claimed id differing from the log: MESSAGE_ID_MISMATCH; missing log: LOG_NOT_FOUND', () => {
    const { receipts } = syntheticMessages({ origin, destination, outbox, count: 1 })
    const bundle = editBundleWire(only(bundleOf(receipts)), (w) => {
      const claim = w.receipts[0]
      assert.ok(claim)
      claim.logs = [
        { logIndex: 0, messageId: hexToBytes(pad('0x99')), traceparent: undefined },
        { logIndex: 7, messageId: hexToBytes(pad('0x98')), traceparent: undefined },
      ]
    })
    assert.deepEqual(
      verifyBundle(bundle, opts).rejected.map((r) => r.code),
      ['MESSAGE_ID_MISMATCH', 'LOG_NOT_FOUND'],
    )
  })
})
