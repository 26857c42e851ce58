import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad } from 'viem'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { buildBlockBundles } from '../watcher/buildBlockBundles.js'
import { buildBlockBundleWires } from '../watcher/buildBlockBundleWires.js'
import { BUNDLE_JSON_CONTENT_TYPE, incomingBundleCodec, sourceBundleCodec, sourceBundleWireCodec } from './bundleCodec.js'
import { BUNDLE_WIRE_CONTENT_TYPE } from './BundleWire.js'
import { bundleWireToSource } from './bundleWireToSource.js'
import { checkBundleWire, decodeBundleWire } from './decodeBundleWire.js'
import { encodeBundleWire } from './encodeBundleWire.js'
import type { SourceBundle } from './SourceBundle.js'
import { sourceBundleToWire } from './sourceBundleToWire.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const traceparents = ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', undefined, '01-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-00-x', 'not a traceparent ✓']

function bundles(count: number, maxBytes = 900_000): SourceBundle[] {
  const { receipts } = syntheticMessages({ origin, destination: 31356, outbox, count, perReceipt: 2 })
  const { block } = syntheticBlock(receipts, 77n, pad('0x01'), (h) => hashBlockHeader(h))
  let i = 0
  return buildBlockBundles({ origin, outbox, block, receipts, maxBytes, now: 1_700_000_000_123.5, observe: () => traceparents[i++ % traceparents.length] })
}

const malformed = (e: unknown) => isRelaymeshError(e, 'BUNDLE_MALFORMED')

/** Deterministic bytes (a linear congruential generator), so a failure reproduces. */
function noise(seed: number, length: number): Uint8Array {
  let s = seed
  return Uint8Array.from({ length }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) & 0xff)
}

describe('bundle wire codec', () => {
  const [bundle] = bundles(12)
  assert.ok(bundle)
  const bytes = sourceBundleWireCodec.encode(bundle)

  test('round trip: SourceBundle -> wire -> SourceBundle, every traceparent form kept exactly', () => {
    assert.deepEqual(sourceBundleWireCodec.decode(bytes, BUNDLE_WIRE_CONTENT_TYPE), bundle)
    assert.deepEqual(bundleWireToSource(decodeBundleWire(encodeBundleWire(sourceBundleToWire(bundle)))), bundle)
    assert.ok(bytes.length * 1.8 < sourceBundleCodec.encode(bundle).length, 'binary is about half the JSON')
  })

  test('the watcher builds the same bundles straight to the wire', () => {
    const json = bundles(300, 60_000)
    const { receipts } = syntheticMessages({ origin, destination: 31356, outbox, count: 300, perReceipt: 2 })
    const { block } = syntheticBlock(receipts, 77n, pad('0x01'), (h) => hashBlockHeader(h))
    let i = 0
    const wires = buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 60_000, now: 1_700_000_000_123.5, observe: () => traceparents[i++ % traceparents.length] })
    assert.ok(wires.length >= 1 && wires.length < json.length, 'binary parts hold more')
    for (const w of wires) assert.ok(w.bytes.length <= 60_000)
    const claims = (parts: SourceBundle[]) => parts.flatMap((p) => p.receipts.flatMap((r) => r.logs.map((l) => [r.txHash, l.logIndex, l.messageId, l.traceparent])))
    assert.deepEqual(claims(wires.map((w) => bundleWireToSource(decodeBundleWire(w.bytes)))), claims(json))
    assert.equal(wires.reduce((n, w) => n + w.messageCount, 0), 300)
  })

  test('checkBundleWire reads the head and agrees with decodeBundleWire', () => {
    const head = checkBundleWire(bytes)
    assert.equal(head.origin, origin)
    assert.equal(head.blockNumber, 77n)
    assert.equal(head.messageCount, 12)
    assert.equal(head.observedAt, bundle.observedAt)
  })

  test('every truncation is BUNDLE_MALFORMED', () => {
    for (let length = 0; length < bytes.length; length++) {
      const cut = bytes.subarray(0, length)
      assert.throws(() => decodeBundleWire(cut), malformed, `cut at ${length}`)
      assert.throws(() => checkBundleWire(cut), malformed, `cut at ${length}`)
    }
  })

  test('garbage, trailing bytes, wrong magic or version, impossible counts: BUNDLE_MALFORMED', () => {
    const cases: Uint8Array[] = [new Uint8Array(0), new TextEncoder().encode(JSON.stringify(bundle)), Uint8Array.of(...bytes, 0)]
    for (let seed = 1; seed <= 200; seed++) cases.push(noise(seed, seed * 7), Uint8Array.of(...bytes.subarray(0, 5), ...noise(seed, seed * 11)))
    const patch = (at: number, ...values: number[]) => Uint8Array.from(bytes, (b, i) => (i >= at && i < at + values.length ? (values[i - at] as number) : b))
    cases.push(patch(0, 0x52, 0x4d, 0x42, 0x58), patch(4, 2), patch(97, 0, 0, 0, 13), patch(101, 0xff, 0xff, 0xff, 0xff))
    const headerLength = new DataView(bytes.buffer).getUint32(101)
    cases.push(patch(105 + headerLength, 0x7f, 0xff, 0xff, 0xff)) // node count
    for (const input of cases) {
      assert.throws(() => decodeBundleWire(input), malformed)
      assert.throws(() => checkBundleWire(input), malformed)
    }
  })

  test('any single corrupted byte decodes or is BUNDLE_MALFORMED, never another error; check agrees with decode', () => {
    for (let at = 0; at < bytes.length; at++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const input = bytes.slice()
        input[at] = (input[at] as number) ^ flip
        let decoded = true
        try {
          decodeBundleWire(input)
        } catch (error) {
          assert.ok(malformed(error), `byte ${at}: ${String(error)}`)
          decoded = false
        }
        assert.equal(checkBundleWire.bind(null, input) && tryCheck(input), decoded, `byte ${at}`)
      }
    }
  })

  test('encoding refuses what the wire cannot carry', () => {
    assert.throws(() => encodeBundleWire({ ...sourceBundleToWire(bundle), blockHash: new Uint8Array(31) }), malformed)
    assert.throws(() => encodeBundleWire({ ...sourceBundleToWire(bundle), blockNumber: 2n ** 64n }), malformed)
    assert.throws(() => sourceBundleToWire({ ...bundle, header: '0xabc' }), malformed)
  })

  test("the verifier's codec keeps wire bytes as bytes and still reads JSON bundles", () => {
    const wire = incomingBundleCodec.decode(bytes, BUNDLE_WIRE_CONTENT_TYPE)
    assert.equal(wire.kind, 'wire')
    assert.deepEqual(wire.meta, { origin, blockNumber: '77', blockHash: bundle.blockHash, parentHash: bundle.parentHash, observedAt: bundle.observedAt, part: 0, partCount: 1, messageCount: 12 })
    const json = incomingBundleCodec.decode(sourceBundleCodec.encode(bundle), BUNDLE_JSON_CONTENT_TYPE)
    assert.equal(json.kind, 'json')
    assert.deepEqual(json.meta, wire.meta)
    assert.deepEqual(incomingBundleCodec.accepts, [BUNDLE_JSON_CONTENT_TYPE])
  })
})

function tryCheck(input: Uint8Array): boolean {
  try {
    checkBundleWire(input)
    return true
  } catch {
    return false
  }
}
