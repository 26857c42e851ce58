// Test-only (not exported): a migrated throwaway database, protocol-true messages and an API on port 0.
import { createHash } from 'node:crypto'
import {
  bytesToHex,
  createMerkleTree,
  DEFAULT_GAS_LIMIT,
  encodeMessage,
  keccak256,
  MESSAGE_VERSION,
  messageId,
  hexToBytes,
  type Hex,
} from '@relaymesh/protocol'
import {
  assignBatch,
  createDb,
  migrate,
  type BundleBlock,
  type BundleMessage,
  type CreateDbReturnType,
  type StoreDb,
} from '@relaymesh/store'
import { createLogger, type Logger } from '@relaymesh/telemetry'
import { createTestDatabases } from '../testing/testInfra.js'
import {
  BridgeSdkError,
  createBridgeClient,
  getMessage,
  type BridgeApiClient,
  type GetMessageReturnType,
  type Readiness,
} from '@relaymesh/sdk'
import type { ApiChains } from './ApiChains.js'
import { startApi, type ApiDependencies, type StartApiParameters } from './startApi.js'

export const ORIGIN = 31337
export const DESTINATION = 31356

/** Deterministic 32 bytes from a label. */
export const bytes32 = (label: string): Buffer => createHash('sha256').update(label).digest()

/** A migrated database of its own; `close()` ends the pool and drops it. */
export async function openTestStore(): Promise<CreateDbReturnType> {
  const databases = await createTestDatabases(['api'])
  const store = createDb({ connectionString: databases.url('api'), max: 4 })
  await migrate(store.db)
  return {
    ...store,
    close: async () => {
      await store.close()
      await databases.drop()
    },
  }
}

export function testBlock(label: string, number = 7n): BundleBlock {
  return {
    origin: ORIGIN,
    number,
    hash: bytes32(`block:${label}`),
    parentHash: bytes32(`parent:${label}`),
    state: 'verified',
  }
}

/** A message whose id really is keccak256 of its encoding, so execution proofs check out end to end. */
export function protocolMessage(label: string, nonce: bigint, overrides: Partial<BundleMessage> = {}): BundleMessage {
  const base = {
    destination: DESTINATION,
    nonce,
    sender: bytes32(`sender:${label}`),
    recipient: bytes32(`recipient:${label}`),
    gasLimit: DEFAULT_GAS_LIMIT,
    payload: Buffer.from(`payload:${label}`),
    ...overrides,
  }
  const encoded = encodeMessage({
    version: MESSAGE_VERSION,
    nonce: base.nonce,
    origin: ORIGIN,
    sender: bytesToHex(base.sender),
    destination: base.destination,
    recipient: bytesToHex(base.recipient),
    gasLimit: base.gasLimit,
    payload: bytesToHex(base.payload),
  })
  return {
    id: hexToBytes(messageId(encoded)),
    sourceTxHash: bytes32(`tx:${label}`),
    logIndex: Number(nonce),
    state: 'verified',
    ...base,
  }
}

/** Seals `ids` into batch `batchIndex` with its real Merkle root (or `root` to corrupt it). */
export async function sealTestBatch(
  db: StoreDb,
  parameters: {
    batchIndex: bigint
    ids: Uint8Array[]
    previousBatchHash: Uint8Array
    root?: Uint8Array
    destination?: number
  },
): Promise<{ batchHash: Uint8Array; root: Hex }> {
  const destination = parameters.destination ?? DESTINATION
  const root = parameters.root ?? createMerkleTree(parameters.ids).rootBytes
  const batchHash = keccak256(Buffer.concat([Buffer.from(`batch:${destination}:${parameters.batchIndex}`), root]))
  await assignBatch(db, {
    destination,
    batchIndex: parameters.batchIndex,
    batchHash,
    root,
    previousBatchHash: parameters.previousBatchHash,
    proposer: Buffer.alloc(20, 0xaa),
    ids: parameters.ids,
  })
  return { batchHash, root: bytesToHex(root) }
}

export type TestApi = { url: string; stop: () => Promise<void>; setHealth: (checks: Readiness['checks']) => void }

/**
 * The API on 127.0.0.1:0 over `db`, with a health probe the test sets (and optionally a token, fake chains, a rate
 * limit).
 */
export async function startTestApi(
  db: StoreDb,
  logger: Logger = createLogger({ name: 'api-test', level: 'silent' }),
  extra: { deps?: Partial<ApiDependencies>; parameters?: Partial<StartApiParameters> } = {},
): Promise<TestApi> {
  let checks: Readiness['checks'] = { postgres: true, nats: true }
  const controller = new AbortController()
  const { url, done } = await startApi(
    { db, logger, health: async () => checks, ...extra.deps },
    {
      signal: controller.signal,
      host: '127.0.0.1',
      port: 0,
      shutdownGraceMs: 200,
      rateLimit: false,
      ...extra.parameters,
    },
  )
  return {
    url,
    stop: async () => {
      controller.abort()
      await done
    },
    setHealth: (next) => {
      checks = next
    },
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reason: tests assert on arbitrary shapes
type AnyJson = any

/** GET `path` and its parsed JSON. */
export async function getJsonAt(
  url: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: AnyJson; contentType: string | null }> {
  const response = await fetch(`${url}${path}`, init)
  const text = await response.text()
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    contentType: response.headers.get('content-type'),
  }
}

/** The SDK's client of a test API (no chains: the API-reading actions need none). */
export const apiClient = (url: string): BridgeApiClient => createBridgeClient({ chains: {}, api: url })

/** `getMessage`, or null while the relayer has not seen the id. */
export async function findMessage(url: string, id: Hex): Promise<GetMessageReturnType | null> {
  try {
    return await getMessage(apiClient(url), { id })
  } catch (error) {
    if (error instanceof BridgeSdkError && error.code === 'MESSAGE_NOT_FOUND') return null
    throw error
  }
}

/** An `assert.rejects` check: the API refused the call with `apiCode` (and `status` when given). */
export const refusedWith =
  (apiCode: string, status?: number) =>
  (e: unknown): boolean =>
    e instanceof BridgeSdkError &&
    e.code === 'API_ERROR' &&
    e.meta['apiCode'] === apiCode &&
    (status === undefined || e.meta['status'] === status)

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

/** Two chains without a network: one answers, one (domain 97) is down. */
export function fakeApiChains(): ApiChains {
  const relayers: Hex[] = [
    '0x1111111111111111111111111111111111111111',
    '0x2222222222222222222222222222222222222222',
    '0x3333333333333333333333333333333333333333',
  ]
  return {
    settler: '0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAa',
    chains: [
      { domain: DESTINATION, name: 'bsc-local', inbox: '0x00000000000000000000000000000000000000Bb' },
      { domain: 97, name: 'chapel', inbox: '0x00000000000000000000000000000000000000cc' },
    ],
    async readRelayerSet(domain) {
      if (domain === 97) throw new Error('connect ECONNREFUSED 127.0.0.1:8545')
      const pendingRotation = { relayers: relayers.slice(0, 1), threshold: 1, pauser: relayers[2]!, eta: 1_800_000_000 }
      return {
        relayers,
        threshold: 2,
        paused: false,
        pauser: '0x4444444444444444444444444444444444444444',
        pendingRotation,
      }
    },
    async readBalance(domain) {
      if (domain === 97) throw new Error('connect ECONNREFUSED 127.0.0.1:8545')
      return 1_500_000_000_000_000_000n
    },
  }
}
