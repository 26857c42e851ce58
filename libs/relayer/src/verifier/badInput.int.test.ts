// Every bad input the verifier can meet, through the real JetStream, verifier service and Postgres,
// checked through the API: each rejected with its reason code and never stored as a message to settle.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { publish } from '@relaymesh/bus'
import { bytesToHex, encodeMessage, hexToBytes, messageId, type Message } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { countMessagesByState } from '@relaymesh/store'
import {
  checkTraceTrees,
  dedupeIdenticalSpans,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@relaymesh/telemetry/testing'
import { pad, toHex, type Hex } from 'viem'
import { findMessage } from '../api/apiTestSeed.js'
import { apiDependenciesFromContext, startApi } from '../api/index.js'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { bundleMsgId } from '../bundle/bundleMsgId.js'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import { relayerConfigSchema } from '../config/relayerConfigSchema.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import type { FinalityProvider } from '../finality/FinalityProvider.js'
import { editBundleWire } from '../testing/editBundleWire.js'
import {
  dispatchLog,
  syntheticBlock,
  syntheticMessages,
  syntheticReceipt,
  type SyntheticReceipt,
} from '../testing/syntheticBlock.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { buildBlockBundleWires, type BlockBundleWire } from '../watcher/buildBlockBundleWires.js'
import { rootRefusedBundleClaimsOnce } from '../tracing/rootRefusedBundleClaims.js'
import { startVerifier } from './startVerifier.js'

const outbox = '0x00000000000000000000000000000000000000aa' as const
const rogue = '0x00000000000000000000000000000000000000bb' as const
const origin = 31337
const destination = 31356
let blockNumber = 10n

function bundleFor(receipts: SyntheticReceipt[]): BlockBundleWire {
  const { block } = syntheticBlock(receipts, blockNumber++, pad(toHex(blockNumber)), (h) => hashBlockHeader(h))
  const [bundle] = buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 800_000, now: Date.now() })
  assert.ok(bundle)
  return bundle
}

function message(nonce: bigint, payloadBytes = 8): Message {
  return {
    version: 2,
    nonce,
    origin,
    sender: pad('0x01'),
    destination,
    recipient: pad('0x02'),
    gasLimit: 200_000,
    payload: toHex(new Uint8Array(payloadBytes).fill(7)),
  }
}

describe('bad input through the verifier service and the API', () => {
  let ctx: RelayerContext
  let api: { url: string; done: Promise<void> }
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  const ns = testBusNamespace()
  const stop = new AbortController()
  const orphaned = new Set<string>()
  let receiver: OtlpReceiver
  /**
   * What each test expects of the traces: a claim refused one by one has an ERROR root; a stored message a plain one.
   */
  const refusedRoots = new Map<Hex, string>()
  const storedRoots = new Set<Hex>()
  const rootless = new Set<Hex>()
  const finality: FinalityProvider = {
    check: async ({ hash }) =>
      orphaned.has(hash)
        ? { status: 'orphaned', canonicalHash: undefined }
        : { status: 'final', verification: 'confirmations' },
  }

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    receiver = await startOtlpReceiver()
    const config = relayerConfigSchema.parse({
      relayerId: 'r1',
      databaseUrl: dbs.url('r1'),
      natsUrl: TEST_NATS_URL,
      threshold: 1,
      proposers: {},
      relayers: { r1: pad('0x01', { size: 20 }) },
      maxPayloadBytes: 1024,
      chains: [origin, destination].map((domain) => ({
        domain,
        name: `c${domain}`,
        rpcUrl: 'http://127.0.0.1:1',
        outbox,
        inbox: outbox,
      })),
    })
    ctx = await createRelayerContext({
      config,
      privateKey: pad('0x01'),
      serviceName: 'test',
      telemetryEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
      logLevel: 'silent',
      subjectRoot: ns.subjectRoot,
      streamPrefix: ns.streamPrefix,
    })
    startVerifier(ctx, { signal: stop.signal, finality, threads: 0 })
    api = await startApi(apiDependenciesFromContext(ctx), { signal: stop.signal, host: '127.0.0.1', port: 0 })
  })

  after(async () => {
    stop.abort()
    await api?.done
    await ctx?.close()
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
  })

  async function send(
    part: BlockBundleWire,
    bytes = part.bytes,
    msgId = bundleMsgId(part),
    codec = encodedBundleCodec,
  ): Promise<void> {
    await publish(ctx.bus, ctx.catalogue.subjects.bundles(String(origin)), bytes, { codec, msgId })
  }

  async function expectRejected(id: Hex, code: string): Promise<void> {
    const status = await waitUntil(async () => {
      const s = await findMessage(api.url, id)
      return s?.rejections.some((r) => r.reasonCode === code) ? s : undefined
    }, `${id} rejected with ${code}`)
    assert.equal(status.state === 'rejected' || status.rejections.length > 0, true)
  }

  test('forged receipt proof: RECEIPT_PROOF_INVALID', async () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 3, firstNonce: 100n })
    const bundle = bundleFor(receipts)
    // The root node is shared by every proof: forging it breaks all three.
    const forged = editBundleWire(bundle.bytes, (w) => {
      const root = (w.nodes[0] as Uint8Array).slice() // reason: a bundle with messages has proof nodes
      root.set([0xbe, 0xef], root.length - 2)
      w.nodes[0] = root
    })
    await send(bundle, forged)
    for (const id of ids) await expectRejected(id, 'RECEIPT_PROOF_INVALID')
    for (const id of ids) refusedRoots.set(id, 'RECEIPT_PROOF_INVALID')
    const s = await findMessage(api.url, ids[0] as Hex)
    assert.deepEqual([s?.state, 'stored' in (s ?? {}) ? (s as { stored: boolean }).stored : true], ['rejected', false])
  })

  test('log from another contract: WRONG_OUTBOX', async () => {
    const m = message(200n)
    const encoded = encodeMessage(m)
    const foreign = [syntheticReceipt([dispatchLog(rogue, encoded, m)], 0, 200)]
    const { block } = syntheticBlock(foreign, 1n, pad('0x01'), (h) => hashBlockHeader(h))
    assert.equal(
      buildBlockBundleWires({ origin, outbox, block, receipts: foreign, maxBytes: 800_000, now: 0 }).length,
      0,
      'the watcher never claims a foreign log',
    )
    const genuine = bundleFor([
      syntheticReceipt(
        [dispatchLog(outbox, encodeMessage(message(201n)), message(201n)), dispatchLog(rogue, encoded, m)],
        0,
        201,
      ),
    ])
    await send(
      genuine,
      editBundleWire(genuine.bytes, (w) => {
        w.receipts[0]?.logs.push({ logIndex: 1, messageId: hexToBytes(messageId(encoded)), traceparent: undefined })
      }),
    )
    await expectRejected(messageId(encoded), 'WRONG_OUTBOX')
    refusedRoots.set(messageId(encoded), 'WRONG_OUTBOX')
    storedRoots.add(messageId(encodeMessage(message(201n))))
  })

  test('malformed message and oversized payload: MESSAGE_MALFORMED, PAYLOAD_TOO_LARGE', async () => {
    const truncated = encodeMessage(message(300n)).subarray(0, 50)
    const big = encodeMessage(message(301n, 2000))
    const bundle = bundleFor([
      syntheticReceipt([dispatchLog(outbox, truncated, { destination, nonce: 300n })], 0, 300),
      syntheticReceipt([dispatchLog(outbox, big, { destination, nonce: 301n })], 1, 300),
    ])
    await send(bundle)
    await expectRejected(messageId(truncated), 'MESSAGE_MALFORMED')
    await expectRejected(messageId(big), 'PAYLOAD_TOO_LARGE')
    refusedRoots.set(messageId(truncated), 'MESSAGE_MALFORMED')
    refusedRoots.set(messageId(big), 'PAYLOAD_TOO_LARGE')
  })

  test('block off the canonical chain: BLOCK_NOT_CANONICAL', async () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 2, firstNonce: 400n })
    const bundle = bundleFor(receipts)
    orphaned.add(bundle.blockHash)
    await send(bundle)
    for (const id of ids) await expectRejected(id, 'BLOCK_NOT_CANONICAL')
    for (const id of ids) rootless.add(id) // the message may come back in the canonical block (operator guide)
  })

  test('replayed message: stored once, the replay recorded as REPLAYED_MESSAGE', async () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 5, firstNonce: 500n })
    const bundle = bundleFor(receipts)
    await send(bundle)
    await waitUntil(
      async () => ((await findMessage(api.url, ids[4] as Hex))?.state === 'verified' ? true : undefined),
      'verified',
    )
    await send(
      bundle,
      editBundleWire(bundle.bytes, (w) => {
        w.observedAt = Date.now()
      }),
      `${bundleMsgId(bundle)}:replay`,
    )
    for (const id of ids) await expectRejected(id, 'REPLAYED_MESSAGE')
    const s = await findMessage(api.url, ids[0] as Hex)
    assert.equal(s?.state, 'verified', 'the stored message keeps its state')
    for (const id of ids) storedRoots.add(id)
  })

  test('a JSON-era bundle is refused and dead-lettered, never stored: BUS_CODEC_MISMATCH, BUS_DECODE_FAILED', async () => {
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 2, firstNonce: 600n })
    const part = bundleFor(receipts)
    // The retired JSON form of the same part: hex strings, as watchers published it before the wire form.
    const { messageCount: _count, ...wire } = decodeBundleWire(part.bytes)
    const hexed = (_key: string, v: unknown) =>
      v instanceof Uint8Array ? bytesToHex(v) : typeof v === 'bigint' ? v.toString() : v
    const json = new TextEncoder().encode(JSON.stringify({ version: 1, ...wire }, hexed))
    const jsonCodec = { ...encodedBundleCodec, contentType: 'application/vnd.relaymesh.bundle+json;v=1' }
    await send(part, json, `${bundleMsgId(part)}:json`, jsonCodec)
    await send(part, json, `${bundleMsgId(part)}:json-as-wire`)
    const deadLetters = await waitUntil(async () => {
      const { rows } = await ctx.db.$client.query<{ code: string; msg_id: string }>(
        `SELECT reason_code AS code, details->>'msgId' AS msg_id FROM rejections WHERE stage = 'dead-letter' AND ` +
          `details->>'msgId' LIKE $1 ORDER BY 2`,
        [`${bundleMsgId(part)}:json%`],
      )
      return rows.length >= 2 ? rows : undefined
    }, 'both JSON bundles dead-lettered')
    const msgId = bundleMsgId(part)
    assert.deepEqual(
      deadLetters.map((r) => [r.msg_id, r.code]),
      [
        [`${msgId}:json`, 'BUS_CODEC_MISMATCH'],
        [`${msgId}:json-as-wire`, 'BUS_DECODE_FAILED'],
      ],
    )
    for (const id of ids) assert.equal(await findMessage(api.url, id), null, `${id} never stored`)
  })

  test('totals: only the genuine messages are stored, none settled', async () => {
    const counts = await countMessagesByState(ctx.db, {})
    assert.equal(counts.verified, 6, 'message 201 and the five of the replay test')
    assert.equal(counts.settled + counts.executed + counts.batched, 0)
  })

  test('traces: every claim refused one by one has its root (ERROR, reason code) although never stored; each stored message one root; a refused block none', async () => {
    await ctx.telemetry.forceFlush()
    // As Jaeger shows them: the replay of the same block re-exports its stored messages' roots, the same spans to the
    // byte.
    const roots = dedupeIdenticalSpans(receiver.spans()).filter((s) => s.name === 'relaymesh.message')
    const rootsOf = (id: Hex) => roots.filter((s) => s.attributes['relaymesh.message.id'] === id)
    for (const [id, code] of refusedRoots) {
      assert.deepEqual(
        rootsOf(id).map((s) => [
          s.attributes['relaymesh.reason_code'],
          s.status.code,
          'relaymesh.destination' in s.attributes,
        ]),
        [[code, 2, false]],
        id,
      )
    }
    for (const id of storedRoots) {
      assert.deepEqual(
        rootsOf(id).map((s) => [s.attributes['relaymesh.destination'], s.status.code]),
        [[destination, 0]],
        `${id}: one root, the replay adds no other`,
      )
    }
    for (const id of rootless) assert.deepEqual(rootsOf(id), [], id)
    assert.equal(roots.length, refusedRoots.size + storedRoots.size)
  })
  test('a block refused whole: the keeper roots its claims that never came back once the grace is over, once, and again identically after a kill', async () => {
    // A reorg: block A (orphaned) held messages 700 and 701; 700 was mined again in a canonical block, 701 never.
    const { receipts, ids } = syntheticMessages({ origin, destination, outbox, count: 2, firstNonce: 700n })
    const orphan = bundleFor(receipts)
    orphaned.add(orphan.blockHash)
    await send(orphan)
    for (const id of ids) await expectRejected(id, 'BLOCK_NOT_CANONICAL')
    const [back, gone] = ids as [Hex, Hex]
    await send(bundleFor([receipts[0] as SyntheticReceipt]))
    await waitUntil(
      async () => ((await findMessage(api.url, back))?.state === 'verified' ? true : undefined),
      'mined again and stored',
    )
    // An oversized message refused with the orphaned block, then one by one in the canonical block it came back in.
    const big = encodeMessage(message(702n, 2000))
    const oversized = () => [syntheticReceipt([dispatchLog(outbox, big, { destination, nonce: 702n })], 0, 702)]
    const orphanBig = bundleFor(oversized())
    orphaned.add(orphanBig.blockHash)
    await send(orphanBig)
    await expectRejected(messageId(big), 'BLOCK_NOT_CANONICAL')
    await send(bundleFor(oversized()))
    await expectRejected(messageId(big), 'PAYLOAD_TOO_LARGE')
    const pass = () => rootRefusedBundleClaimsOnce(ctx, { graceMs: 0, limit: 5_000, intervalMs: 0 })
    const before = receiver.spans().length
    // Every refusal so far is seen: per-claim ones (already rooted), replays, the stored `back` and the block refused
    // earlier (400, 401), whose messages never came back either.
    assert.equal((await pass()).rooted, [...rootless].length + 1)
    assert.equal((await pass()).rooted, 0, 'a second pass roots nothing')
    await ctx.db.$client.query('DELETE FROM chain_cursors WHERE chain = 0') // killed before the cursor moved
    assert.equal((await pass()).rooted, [...rootless].length + 1)
    await ctx.telemetry.forceFlush()
    const refusedRootsOf = (spans: readonly ReceivedSpan[]) =>
      spans
        .slice(before)
        .filter((r) => r.name === 'relaymesh.message' && r.attributes['relaymesh.verification'] === 'unverified')
    const roots = refusedRootsOf(
      await receiver.waitFor((x) => refusedRootsOf(x).length >= 2 * ([...rootless].length + 1)),
    )
    for (const id of [back, messageId(big)])
      assert.deepEqual(
        roots.filter((r) => r.attributes['relaymesh.message.id'] === id),
        [],
        'a message mined again keeps its one root',
      )
    assert.equal(
      dedupeIdenticalSpans(roots).length,
      [...rootless].length + 1,
      'the copy after the kill is the same span to the byte',
    )
    for (const id of [...rootless, gone]) {
      const mine = dedupeIdenticalSpans(roots).filter((r) => r.attributes['relaymesh.message.id'] === id)
      assert.deepEqual(
        mine.map((r) => [
          r.name,
          r.attributes['relaymesh.reason_code'],
          r.attributes['relaymesh.verification'],
          r.status.code,
        ]),
        [['relaymesh.message', 'BLOCK_NOT_CANONICAL', 'unverified', 2]],
        id,
      )
    }
    assert.deepEqual(checkTraceTrees(dedupeIdenticalSpans(receiver.spans())), [])
  })
})
