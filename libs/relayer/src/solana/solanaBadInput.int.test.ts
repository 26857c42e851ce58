// Solana bad input through the real verifier (consumer, worker path, Postgres): every Solana reason code.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { publish } from '@relaymesh/bus'
import { bytesToHex, domains, encodeMessage, type Hex, type Message } from '@relaymesh/protocol'
import {
  buildSlotCommitment,
  createDevCommittee,
  encodeOutboxMemo,
  extractSlotMessages,
  signSlotCommitment,
  solanaMessageNonce,
  MEMO_PROGRAM_ADDRESS,
  type DevCommitteeKey,
  type OutboxSlotTransaction,
} from '@relaymesh/solana'
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@relaymesh/solana/web3'
import bs58 from 'bs58'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { pad } from 'viem'
import { relayerConfigSchema } from '../config/relayerConfigSchema.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { encodeSolanaSlotBundle } from './encodeSolanaSlotBundle.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

const origin = domains.solanaLocal
const SLOTS_PER_EPOCH = 1000
const feeAccount = Keypair.generate().publicKey.toBase58()
const sender = Keypair.generate()
const { committee, keys } = createDevCommittee({ epoch: 0, size: 4, stakes: [40n, 30n, 20n, 10n] })
const outsider = createDevCommittee({ epoch: 0, size: 1, seed: 'outsider' }).keys
const recipient: Hex = pad('0x1234', { size: 32 })

function memoTx(memo: Uint8Array | string, blockhash: string): OutboxSlotTransaction {
  const tx = new Transaction({ feePayer: sender.publicKey, blockhash, lastValidBlockHeight: 1000 }).add(
    SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: new PublicKey(feeAccount), lamports: 5000 }),
    new TransactionInstruction({
      programId: new PublicKey(MEMO_PROGRAM_ADDRESS),
      keys: [{ pubkey: sender.publicKey, isSigner: true, isWritable: false }],
      data: Buffer.from(memo),
    }),
  )
  tx.sign(sender)
  // reason: signed just above
  return { signature: bs58.encode(tx.signature!), wire: tx.serialize().toString('base64'), err: null }
}

function goodMessage(destination: number, payload: Hex): Message {
  return {
    version: 2,
    nonce: 0n,
    origin,
    sender: bytesToHex(sender.publicKey.toBytes()),
    destination,
    recipient,
    gasLimit: 200_000,
    payload,
  }
}

/**
 * A slot bundle over `transactions`, committed to what `committed` (default: the same transactions) yields
 * numbered from `numberedFrom` (default: the committed `messagesBefore`), signed by `signers`.
 */
function slotBundle(
  slot: number,
  transactions: OutboxSlotTransaction[],
  signers: readonly DevCommitteeKey[],
  o: { committed?: OutboxSlotTransaction[]; messagesBefore?: number; numberedFrom?: number } = {},
): SolanaSlotBundle {
  const { committed = transactions, messagesBefore = 0, numberedFrom = messagesBefore } = o
  const blockhash = bs58.encode(new Uint8Array(32).fill(slot % 256))
  const txs = committed.map((t) => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] as const }))
  const { messages, ids } = extractSlotMessages({
    slot,
    epoch: 0,
    messagesBefore: numberedFrom,
    origin,
    feeAccount,
    minFeeLamports: 5000n,
    transactions: txs,
  })
  const commitment = buildSlotCommitment({
    domain: origin,
    slot,
    blockhash,
    slotsPerEpoch: SLOTS_PER_EPOCH,
    messagesBefore,
    ids,
  })
  return {
    origin,
    slot,
    blockhash,
    observedAt: Date.now(),
    transactions,
    commitment,
    signatures: signSlotCommitment(signers, commitment),
    claims: messages.map((m) => ({ messageId: m.id, traceparent: undefined })),
  }
}

// No suite timeout: the verifier's worker pool loads TypeScript and takes tens of seconds on busy cores; the
// runner's per-file budget bounds a hang and each wait has its own deadline.
describe('Solana attested verification: bad input', () => {
  let ctx: RelayerContext
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  const ns = testBusNamespace()
  const stop = new AbortController()
  let verifier: Promise<void>
  let receiver: OtlpReceiver

  before(async () => {
    dbs = await createTestDatabases(['solbad'])
    receiver = await startOtlpReceiver()
    const config = relayerConfigSchema.parse({
      relayerId: 'solbad',
      databaseUrl: dbs.url('solbad'),
      natsUrl: TEST_NATS_URL,
      chains: [
        {
          domain: 31337,
          name: 'eth',
          rpcUrl: 'http://127.0.0.1:1',
          outbox: pad('0x01', { size: 20 }),
          inbox: pad('0x02', { size: 20 }),
        },
      ],
      solana: [
        {
          domain: origin,
          name: 'solana-local',
          rpcUrl: 'http://127.0.0.1:1',
          feeAccount,
          slotsPerEpoch: SLOTS_PER_EPOCH,
          committee: { schedule: [{ fromEpoch: 0, members: committee.members }], signerUrls: ['http://127.0.0.1:1'] },
        },
      ],
      proposers: {},
      relayers: {},
      threshold: 1,
      verifierThreads: 1,
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
    verifier = startVerifier(ctx, {
      signal: stop.signal,
      // reason: Solana bundles never ask it
      finality: { check: async () => ({ status: 'final', verification: 'confirmations' }) } as never,
    }).done
  })
  after(async () => {
    stop.abort()
    await verifier
    await ctx?.close()
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
  })

  const send = (bundle: SolanaSlotBundle) =>
    publish(ctx.bus, ctx.catalogue.subjects.bundles(String(origin)), encodeSolanaSlotBundle(bundle), {
      codec: encodedBundleCodec,
      msgId: `${origin}:${bundle.slot}:${bundle.blockhash}`,
    })
  const codesOfSlot = (slot: number, expected: number) =>
    waitUntil(async () => {
      const { rows } = await ctx.db.$client.query<{ reason_code: string }>(
        `SELECT reason_code FROM rejections WHERE (details->>'slot')::int = $1 ORDER BY id`,
        [slot],
      )
      return rows.length >= expected ? rows.map((r) => r.reason_code) : undefined
    }, `rejections of slot ${slot}`)

  test('memo not in the protocol format, truncated, unknown version, nonce set, failed transaction: each refused with its code, the good one stored attested', async () => {
    const blockhash = bs58.encode(new Uint8Array(32).fill(7))
    const good = encodeOutboxMemo(goodMessage(31337, '0x676f6f64'))
    const failed = {
      ...memoTx(encodeOutboxMemo(goodMessage(31337, '0x6661696c')), blockhash),
      err: { InstructionError: [0, { Custom: 1 }] },
    }
    const transactions = [
      memoTx('gm, not a relaymesh memo', blockhash),
      memoTx(
        `relaymesh:v1:${Buffer.from(encodeMessage(goodMessage(31337, '0x')))
          .toString('base64')
          .slice(0, 40)}`,
        blockhash,
      ), // 30 of the 85 header bytes
      memoTx(`relaymesh:v9:${Buffer.from(encodeMessage(goodMessage(31337, '0x'))).toString('base64')}`, blockhash),
      memoTx(encodeOutboxMemo({ ...goodMessage(31337, '0x'), nonce: 5n }), blockhash),
      failed,
      memoTx(good, blockhash),
    ]
    await send(slotBundle(100, transactions, keys, { messagesBefore: 10 }))
    assert.deepEqual(await codesOfSlot(100, 5), [
      'MEMO_NOT_PROTOCOL',
      'MEMO_TRUNCATED',
      'MEMO_UNKNOWN_VERSION',
      'MEMO_NONCE_NOT_ZERO',
      'TX_FAILED',
    ])
    const { rows } = await ctx.db.$client.query<{ verification: string; nonce: string }>(
      'SELECT verification, nonce::text FROM messages WHERE origin = $1',
      [origin],
    )
    assert.deepEqual(
      rows,
      [{ verification: 'attested', nonce: String(solanaMessageNonce(0, 10)) }],
      'the nonce numbers from the committed count (epoch 0, index 10)',
    )
  })

  test('commitment signed by a key outside the committee: COMMITTEE_UNKNOWN_SIGNER', async () => {
    await send(
      slotBundle(
        101,
        [memoTx(encodeOutboxMemo(goodMessage(31337, '0x01')), bs58.encode(new Uint8Array(32).fill(1)))],
        [...keys, ...outsider],
      ),
    )
    assert.deepEqual(await codesOfSlot(101, 1), ['COMMITTEE_UNKNOWN_SIGNER'])
  })

  test('not enough stake (30+20+10 of 100): COMMITTEE_INSUFFICIENT_STAKE', async () => {
    await send(
      slotBundle(
        102,
        [memoTx(encodeOutboxMemo(goodMessage(31337, '0x02')), bs58.encode(new Uint8Array(32).fill(2)))],
        keys.slice(1),
      ),
    )
    assert.deepEqual(await codesOfSlot(102, 1), ['COMMITTEE_INSUFFICIENT_STAKE'])
  })

  test('a message not under the commitment root (a transaction the committee never saw): MESSAGE_NOT_IN_COMMITMENT', async () => {
    const bh = bs58.encode(new Uint8Array(32).fill(3))
    const honest = [memoTx(encodeOutboxMemo(goodMessage(31337, '0x03')), bh)]
    const injected = [...honest, memoTx(encodeOutboxMemo(goodMessage(31337, '0x04')), bh)]
    await send(slotBundle(103, injected, keys, { committed: honest }))
    assert.deepEqual(await codesOfSlot(103, 1), ['MESSAGE_NOT_IN_COMMITMENT'])
  })

  test('a commitment claiming another epoch: COMMITTEE_WRONG_EPOCH', async () => {
    const bundle = slotBundle(
      104,
      [memoTx(encodeOutboxMemo(goodMessage(31337, '0x05')), bs58.encode(new Uint8Array(32).fill(4)))],
      keys,
    )
    const commitment = { ...bundle.commitment, epoch: 3 }
    await send({ ...bundle, commitment, signatures: signSlotCommitment(keys, commitment) })
    assert.deepEqual(await codesOfSlot(104, 1), ['COMMITTEE_WRONG_EPOCH'])
  })

  test('a count changed after signing: COMMITTEE_BAD_SIGNATURE; ids numbered from another count than the signed one: MESSAGE_NOT_IN_COMMITMENT', async () => {
    const bundle = slotBundle(
      105,
      [memoTx(encodeOutboxMemo(goodMessage(31337, '0x06')), bs58.encode(new Uint8Array(32).fill(5)))],
      keys,
      { messagesBefore: 20 },
    )
    await send({ ...bundle, commitment: { ...bundle.commitment, messagesBefore: 21 } })
    assert.deepEqual(await codesOfSlot(105, 1), ['COMMITTEE_BAD_SIGNATURE'])
    await send(
      slotBundle(
        106,
        [memoTx(encodeOutboxMemo(goodMessage(31337, '0x07')), bs58.encode(new Uint8Array(32).fill(6)))],
        keys,
        { messagesBefore: 20, numberedFrom: 19 },
      ),
    )
    assert.deepEqual(await codesOfSlot(106, 1), ['MESSAGE_NOT_IN_COMMITMENT'])
  })

  test("a signed range overlapping a verified slot's (slot 100 numbered 10): COMMITMENT_COUNT_OVERLAP; the next range is stored", async () => {
    const bh = bs58.encode(new Uint8Array(32).fill(8))
    await send(
      slotBundle(108, [memoTx(encodeOutboxMemo(goodMessage(31337, '0x08')), bh)], keys, { messagesBefore: 10 }),
    )
    assert.deepEqual(await codesOfSlot(108, 1), ['COMMITMENT_COUNT_OVERLAP'])
    await send(
      slotBundle(
        109,
        [memoTx(encodeOutboxMemo(goodMessage(31337, '0x09')), bs58.encode(new Uint8Array(32).fill(9)))],
        keys,
        { messagesBefore: 11 },
      ),
    )
    const nonces = await waitUntil(async () => {
      const { rows } = await ctx.db.$client.query<{ nonce: string }>(
        'SELECT nonce::text FROM messages WHERE origin = $1 ORDER BY nonce',
        [origin],
      )
      return rows.length >= 2 ? rows.map((r) => r.nonce) : undefined
    }, 'slot 109 stored')
    assert.deepEqual(
      nonces,
      [String(solanaMessageNonce(0, 10)), String(solanaMessageNonce(0, 11))],
      'dense: 10 then 11',
    )
  })

  test('a JSON slot bundle of an earlier version, still in the stream at an upgrade: dead-lettered with BUS_CODEC_MISMATCH, nothing stored', async () => {
    const legacy = {
      contentType: 'application/vnd.relaymesh.solana-slot+json;v=2',
      encode: (b: Uint8Array) => b,
      decode: (b: Uint8Array) => b,
    }
    const json = new TextEncoder().encode(JSON.stringify({ version: 2, kind: 'solana-slot', origin, slot: 110 }))
    await publish(ctx.bus, ctx.catalogue.subjects.bundles(String(origin)), json, { codec: legacy, msgId: 'legacy:110' })
    const codes = await waitUntil(async () => {
      const { rows } = await ctx.db.$client.query<{ reason_code: string }>(
        `SELECT reason_code FROM rejections WHERE stage = 'dead-letter'`,
      )
      return rows.length > 0 ? rows.map((r) => r.reason_code) : undefined
    }, 'the legacy bundle dead-lettered')
    assert.deepEqual(codes, ['BUS_CODEC_MISMATCH'])
  })

  test('traces: each memo refused one by one with an id has one ERROR root with its code (this lone relayer keeps them); a slot refused whole gives none', async () => {
    await ctx.telemetry.forceFlush()
    const { rows } = await ctx.db.$client.query<{ id: Buffer; reason_code: string; slot: number }>(
      `SELECT message_id AS id, reason_code, (details->>'slot')::int AS slot FROM rejections WHERE message_id IS ` +
        `NOT NULL AND stage = 'verify' AND details->>'scope' IS NULL ORDER BY id`,
    )
    // A slot refused whole names each id its watcher claimed, as an EVM block refused whole does (one persist path).
    const whole = await ctx.db.$client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rejections WHERE details->>'scope' = 'bundle' AND message_id IS NULL`,
    )
    assert.equal(whole.rows[0]?.n, 0, 'every slot refused whole carried its claimed ids')
    const roots = receiver.spans().filter((s) => s.name === 'relaymesh.message')
    const rootsOf = (id: string) =>
      roots
        .filter((s) => s.attributes['relaymesh.message.id'] === id)
        .map((s) => [s.attributes['relaymesh.reason_code'], s.status.code])
    assert.deepEqual(
      rows.map((r) => r.reason_code).sort(),
      ['MEMO_NONCE_NOT_ZERO', 'TX_FAILED'],
      'the refusals that name an id',
    )
    for (const r of rows) assert.deepEqual(rootsOf(bytesToHex(r.id)), [[r.reason_code, 2]], r.reason_code)
    const stored = await ctx.db.$client.query<{ id: Buffer }>('SELECT id FROM messages WHERE origin = $1', [origin])
    for (const m of stored.rows) assert.deepEqual(rootsOf(bytesToHex(m.id)), [[undefined, 0]])
    assert.equal(roots.length, rows.length + stored.rows.length)
  })
})
