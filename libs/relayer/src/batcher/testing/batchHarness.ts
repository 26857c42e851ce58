// Test-only helpers for the batch half (not exported from the package). Tests may read the environment; libs may not.
import { randomBytes } from 'node:crypto'
import { addressToBytes32, DEFAULT_GAS_LIMIT, encodeMessage, keccak256, MESSAGE_VERSION } from '@relaymesh/protocol'
import { insertBundle, type BundleMessage } from '@relaymesh/store'
import type { Address, Hex } from 'viem'
import { relayerConfigSchema, type RelayerConfig } from '../../config/relayerConfigSchema.js'
import { createRelayerContext, type RelayerContext } from '../../context/createRelayerContext.js'
import { createTestDatabases, TEST_NATS_URL } from '../../testing/testInfra.js'

export type MeshSpec = {
  /** `txConfirmations` defaults to 1. */
  chain: { domain: number; rpcUrl: string; inbox: Address; outbox: Address; txConfirmations?: number | undefined }
  relayers: Record<string, { address: Address; privateKey: Hex }>
  proposer: string
  threshold: number
  batch?: Partial<RelayerConfig['batch']>
}

export type TestRelayer = { id: string; ctx: RelayerContext; close: () => Promise<void> }

/** One relayer identity with its own database, on a run-unique NATS subject root shared by the mesh. */
export async function startTestRelayer(mesh: MeshSpec, id: string, run: string): Promise<TestRelayer> {
  const databases = await createTestDatabases([id])
  const database = { url: databases.url(id), drop: databases.drop }
  const config = relayerConfigSchema.parse({
    relayerId: id,
    databaseUrl: database.url,
    natsUrl: TEST_NATS_URL,
    chains: [{ txConfirmations: 1, ...mesh.chain, name: `chain-${mesh.chain.domain}`, pollIntervalMs: 100 }],
    proposers: { [String(mesh.chain.domain)]: mesh.proposer },
    relayers: Object.fromEntries(Object.entries(mesh.relayers).map(([rid, r]) => [rid, r.address])),
    threshold: mesh.threshold,
    batch: { maxMessages: 1000, maxAgeMs: 200, cosignDeadlineMs: 2_000, executeChunk: 50, ...mesh.batch },
  })
  const ctx = await createRelayerContext({
    config,
    privateKey: mesh.relayers[id]!.privateKey,
    serviceName: `batch-test-${id}`,
    logLevel: process.env['RELAYMESH_TEST_LOG'] === '1' ? 'info' : 'silent',
    telemetryEnv: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    subjectRoot: `rmbatch${run}`,
    streamPrefix: `RMBATCH${run.toUpperCase()}`,
  })
  return {
    id,
    ctx,
    close: async () => {
      await ctx.close()
      await database.drop()
    },
  }
}

/** The relayers `ids` of `mesh` on one run's subjects; `close` deletes their streams and stops them. */
export async function startTestMesh(
  mesh: MeshSpec,
  ids: readonly string[],
): Promise<{ relayers: TestRelayer[]; close: () => Promise<void> }> {
  const run = runId()
  const relayers: TestRelayer[] = []
  try {
    for (const id of ids) relayers.push(await startTestRelayer(mesh, id, run))
  } catch (error) {
    // Fail the test at once: a relayer left open keeps the test process alive, and the run hangs instead of failing.
    await deleteStreams(relayers).catch(() => {})
    for (const r of relayers) await r.close().catch(() => {})
    throw error
  }
  return {
    relayers,
    close: async () => {
      await deleteStreams(relayers)
      for (const r of relayers) await r.close()
    },
  }
}

/** Deletes the run's streams (per relayer and the shared mesh stream). */
export async function deleteStreams(relayers: readonly TestRelayer[]): Promise<void> {
  const [first] = relayers
  if (!first) return
  const names = new Set(relayers.flatMap((r) => r.ctx.catalogue.streams.all.map((s) => s.name)))
  for (const name of names) await first.ctx.bus.jsm.streams.delete(name).catch(() => false)
}

/** `count` real messages (ids are keccak of the encoding) from origin 31337 to `destination`. */
export function testMessages(prefix: string, count: number, destination: number, recipient: Address): BundleMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const sender = addressToBytes32('0x00000000000000000000000000000000000000aa')
    const payload = Buffer.from(`${prefix}:${i}`)
    const nonce = BigInt(Number.parseInt(randomBytes(4).toString('hex'), 16)) * 1000n + BigInt(i)
    const encoded = encodeMessage({
      version: MESSAGE_VERSION,
      nonce,
      origin: 31337,
      sender,
      destination,
      recipient: addressToBytes32(recipient),
      gasLimit: DEFAULT_GAS_LIMIT,
      payload: `0x${payload.toString('hex')}`,
    })
    return {
      id: keccak256(encoded),
      destination,
      nonce,
      sender: Buffer.from(sender.slice(2), 'hex'),
      recipient: Buffer.from(addressToBytes32(recipient).slice(2), 'hex'),
      gasLimit: DEFAULT_GAS_LIMIT,
      payload,
      sourceTxHash: randomBytes(32),
      logIndex: i,
      state: 'verified',
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    }
  })
}

/** Stores messages as one verified source bundle, the way the verifier would. */
export async function seedMessages(ctx: RelayerContext, messages: readonly BundleMessage[]): Promise<void> {
  await insertBundle(ctx.db, {
    block: { origin: 31337, number: 1n, hash: randomBytes(32), parentHash: randomBytes(32), state: 'verified' },
    verification: 'confirmations',
    messages,
  })
}

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes. The deadline only bounds a hang:
 * on two busy cores a relayer loop or a chain can take minutes to get there (STYLE.md, Tests).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  timeoutMs = 5 * 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Rows of `rejections` with `reasonCode`. */
export async function rejectionsWith(
  ctx: RelayerContext,
  reasonCode: string,
): Promise<{ stage: string; message_id: Buffer | null; details: Record<string, unknown> }[]> {
  const result = await ctx.db.$client.query(
    'SELECT stage, message_id, details FROM rejections WHERE reason_code = $1 ORDER BY id',
    [reasonCode],
  )
  return result.rows
}

export const runId = () => randomBytes(4).toString('hex')
