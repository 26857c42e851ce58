import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad } from 'viem'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { bytesToHex } from '@relaymesh/protocol'
import { buildBlockBundleWires, type BlockBundleWire } from '../watcher/buildBlockBundleWires.js'
import { incomingBundleCodec } from './bundleCodec.js'
import { BUNDLE_WIRE_CONTENT_TYPE, BUNDLE_WIRE_V1_CONTENT_TYPE } from './BundleWire.js'
import { checkBundleWire, decodeBundleWire } from './decodeBundleWire.js'
import { encodeBundleWire } from './encodeBundleWire.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const origin = 31337
const traceparents = [
  '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  undefined,
  '01-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-00-x',
  'not a traceparent ✓',
]

function bundles(count: number, maxBytes = 900_000): BlockBundleWire[] {
  const { receipts } = syntheticMessages({ origin, destination: 31356, outbox, count, perReceipt: 2 })
  const { block } = syntheticBlock(receipts, 77n, pad('0x01'), (h) => hashBlockHeader(h))
  let i = 0
  return buildBlockBundleWires({
    origin,
    outbox,
    block,
    receipts,
    maxBytes,
    now: 1_700_000_000_123.5,
    observe: () => traceparents[i++ % traceparents.length],
  })
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
  const { bytes } = bundle

  test('round trip: wire -> decoded -> the same wire, every traceparent form kept exactly', () => {
    const { messageCount, ...decoded } = decodeBundleWire(bytes)
    assert.equal(messageCount, 12)
    assert.deepEqual(encodeBundleWire(decoded), bytes)
    const claimed = decoded.receipts.flatMap((r) => r.logs.map((l) => [bytesToHex(l.messageId), l.traceparent]))
    assert.deepEqual(
      claimed,
      bundle.messageIds.map((id, i) => [bytesToHex(id), traceparents[i % traceparents.length]]),
    )
  })

  test('a large block is split in parts under the size limit, every claim once and in order', () => {
    const parts = bundles(300, 60_000)
    assert.ok(parts.length > 1, `expected several parts, got ${parts.length}`)
    for (const [i, w] of parts.entries()) {
      assert.ok(w.bytes.length <= 60_000)
      assert.deepEqual([w.part, w.partCount], [i, parts.length])
    }
    const claimed = parts.flatMap((w) =>
      decodeBundleWire(w.bytes).receipts.flatMap((r) => r.logs.map((l) => bytesToHex(l.messageId))),
    )
    assert.deepEqual(
      claimed,
      parts.flatMap((w) => w.messageIds.map(bytesToHex)),
    )
    assert.equal(new Set(claimed).size, 300)
  })

  test('checkBundleWire reads the head and agrees with decodeBundleWire', () => {
    const head = checkBundleWire(bytes)
    assert.equal(head.origin, origin)
    assert.equal(head.blockNumber, 77n)
    assert.equal(head.messageCount, 12)
    assert.equal(head.observedAt, 1_700_000_000_123.5)
  })

  test('every truncation is BUNDLE_MALFORMED', () => {
    for (let length = 0; length < bytes.length; length++) {
      const cut = bytes.subarray(0, length)
      assert.throws(() => decodeBundleWire(cut), malformed, `cut at ${length}`)
      assert.throws(() => checkBundleWire(cut), malformed, `cut at ${length}`)
    }
  })

  test('garbage, trailing bytes, wrong magic or version, impossible counts: BUNDLE_MALFORMED', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new TextEncoder().encode(JSON.stringify({ version: 1, origin, blockHash: bundle.blockHash })),
      Uint8Array.of(...bytes, 0),
    ]
    for (let seed = 1; seed <= 200; seed++)
      cases.push(noise(seed, seed * 7), Uint8Array.of(...bytes.subarray(0, 5), ...noise(seed, seed * 11)))
    const patch = (at: number, ...values: number[]) =>
      Uint8Array.from(bytes, (b, i) => (i >= at && i < at + values.length ? (values[i - at] as number) : b))
    cases.push(
      patch(0, 0x52, 0x4d, 0x42, 0x58),
      patch(4, 3),
      patch(97, 0, 0, 0, 13),
      patch(101, 2), // an unknown source
      patch(101, 1), // an EVM body read as a Solana slot
      patch(102, 0xff, 0xff, 0xff, 0xff),
    )
    const headerLength = new DataView(bytes.buffer).getUint32(102)
    cases.push(patch(106 + headerLength, 0x7f, 0xff, 0xff, 0xff)) // node count
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
    const { messageCount: _count, ...decoded } = decodeBundleWire(bytes)
    assert.throws(() => encodeBundleWire({ ...decoded, blockHash: new Uint8Array(31) }), malformed)
    assert.throws(() => encodeBundleWire({ ...decoded, blockNumber: 2n ** 64n }), malformed)
    assert.throws(() => encodeBundleWire({ ...decoded, part: -1 }), malformed)
  })

  test("the verifier's codec keeps the bytes, reads the head, and accepts the wire form only", () => {
    const incoming = incomingBundleCodec.decode(bytes, BUNDLE_WIRE_CONTENT_TYPE)
    assert.equal(incoming.bytes, bytes)
    const { parentHash } = decodeBundleWire(bytes)
    assert.deepEqual(
      { ...incoming.head, blockHash: bytesToHex(incoming.head.blockHash) },
      {
        source: 'evm',
        origin,
        blockNumber: 77n,
        blockHash: bundle.blockHash,
        parentHash,
        observedAt: 1_700_000_000_123.5,
        part: 0,
        partCount: 1,
        messageCount: 12,
      },
    )
    assert.deepEqual(incomingBundleCodec.accepts, [BUNDLE_WIRE_V1_CONTENT_TYPE])
    // A JSON-era bundle's bytes are a malformed wire bundle.
    const json = new TextEncoder().encode(
      JSON.stringify({ version: 1, origin, blockNumber: '77', blockHash: bundle.blockHash, receipts: [] }),
    )
    assert.throws(() => incomingBundleCodec.decode(json, BUNDLE_WIRE_CONTENT_TYPE), malformed)
  })

  test('a version 1 part (published before the upgrade: no source byte) still decodes as the same EVM block', () => {
    const v1 = Uint8Array.of(...bytes.subarray(0, 101), ...bytes.subarray(102))
    v1[4] = 1
    assert.deepEqual(decodeBundleWire(v1), { ...decodeBundleWire(bytes) })
    assert.equal(incomingBundleCodec.decode(v1, BUNDLE_WIRE_V1_CONTENT_TYPE).head.source, 'evm')
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
