import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex } from '@relaymesh/protocol'
import {
  insertBundle,
  markMessagesFailed,
  recordRejections,
  settleBatch,
  storeBatchSignatures,
  transitionBatch,
  type CreateDbReturnType,
} from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { API_ROUTES } from './apiRoutes.js'
import {
  bytes32,
  DESTINATION,
  fakeApiChains,
  openTestStore,
  ORIGIN,
  protocolMessage,
  sealTestBatch,
  startTestApi,
  TEST_ADMIN_TOKEN,
  testBlock,
  type TestApi,
} from './apiTestSeed.js'
import type { OpenApi } from './openApiDocument.js'
import { validateJsonSchema } from './validateJsonSchema.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)
const silent = createLogger({ name: 'api-test', level: 'silent' })
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

type Exchange = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string> }

/** The documented operation a request path falls under (templates such as `/v1/messages/{id}` become `[^/]+`). */
function operationOf(spec: OpenApi, method: 'get' | 'post', path: string) {
  const pathname = path.split('?')[0] as string // reason: split always yields a first element
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`)
    if (pattern.test(pathname) && item[method]) return { template, operation: item[method] }
  }
  return undefined
}

describe('OpenAPI document: real responses conform', () => {
  let store: CreateDbReturnType
  let api: TestApi
  let limited: TestApi
  let spec: OpenApi
  const batched = Array.from({ length: 3 }, (_, i) => protocolMessage(`oa:${i}`, BigInt(i)))
  const rejected = protocolMessage('oa:rejected', 9n, {
    state: 'rejected',
    reasonCode: 'RECEIPT_PROOF_INVALID',
    rejectionDetails: { receiptIndex: 1 },
  })
  const waiting = protocolMessage('oa:waiting', 10n)
  const claimed = bytes32('oa:claimed-never-proven')
  before(async () => {
    store = await openTestStore()
    await insertBundle(store.db, {
      block: testBlock('oa'),
      verification: 'light-client',
      messages: [...batched, rejected, waiting],
    })
    await recordRejections(store.db, [
      { stage: 'verify', reasonCode: 'RECEIPT_PROOF_INVALID', messageId: claimed, origin: ORIGIN },
    ])
    await sealTestBatch(store.db, {
      batchIndex: 0n,
      ids: batched.map((m) => m.id),
      previousBatchHash: Buffer.alloc(32),
    })
    await storeBatchSignatures(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      signatures: [{ signer: Buffer.alloc(20, 0x11), signature: Buffer.alloc(65, 1) }],
    })
    await transitionBatch(store.db, { destination: DESTINATION, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, {
      destination: DESTINATION,
      batchIndex: 0n,
      to: 'submitted',
      submitTxHash: bytes32('submit'),
    })
    await settleBatch(store.db, { destination: DESTINATION, batchIndex: 0n })
    await markMessagesFailed(store.db, {
      ids: [batched[0]!.id],
      reasonCode: 'RECIPIENT_REVERTED',
      details: { revertData: '0x' },
    })
    api = await startTestApi(store.db, silent, { deps: { adminToken: TEST_ADMIN_TOKEN, chains: fakeApiChains() } })
    limited = await startTestApi(store.db, silent, { parameters: { rateLimit: { ratePerSecond: 0.1, burst: 1 } } })
    // reason: checked against the exchanges below
    spec = (await (await fetch(`${api.url}/openapi.json`)).json()) as OpenApi
  })
  after(async () => {
    await api?.stop()
    await limited?.stop()
    await store?.close()
  })

  it('documents every route the server has, with its method, and nothing else', () => {
    const served = API_ROUTES.map((r) => `${r.method.toLowerCase()} ${r.name.replace(/:([a-z]+)/gi, '{$1}')}`).sort()
    const documented = Object.entries(spec.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`))
      .sort()
    assert.deepEqual(documented, served)
    assert.equal(spec.openapi, '3.1.0')
  })

  it('every answer, success or error, matches the schema of its operation and status', async () => {
    const id = (m: { id: Uint8Array }) => hex(m.id)
    const exchanges: Exchange[] = [
      ...[...batched, rejected, waiting].map((m) => ({ method: 'GET' as const, path: `/v1/messages/${id(m)}` })),
      { method: 'GET', path: `/v1/messages/${hex(claimed)}` },
      { method: 'GET', path: `/v1/messages/${hex(bytes32('unknown'))}` },
      { method: 'GET', path: '/v1/messages/0x12' },
      { method: 'GET', path: '/v1/messages' },
      { method: 'GET', path: '/v1/messages?limit=2' },
      { method: 'GET', path: `/v1/messages?route=${ORIGIN}-${DESTINATION}&state=failed` },
      { method: 'GET', path: `/v1/messages?sourceTx=${hex(bytes32('tx:oa:1'))}` },
      { method: 'GET', path: '/v1/messages?limit=0' },
      { method: 'GET', path: '/v1/messages?cursor=zzz' },
      { method: 'GET', path: '/v1/batches' },
      { method: 'GET', path: '/v1/batches?destination=1&state=refused' },
      { method: 'GET', path: `/v1/batches/${DESTINATION}/0` },
      { method: 'GET', path: `/v1/batches/${DESTINATION}/7` },
      { method: 'GET', path: '/v1/batches/x/0' },
      { method: 'GET', path: '/v1/stats' },
      { method: 'GET', path: '/v1/relayers' },
      { method: 'GET', path: '/v1/routes' },
      { method: 'GET', path: '/v1/equivocations' },
      { method: 'GET', path: '/openapi.json' },
      { method: 'GET', path: '/healthz' },
      { method: 'GET', path: '/readyz' },
      { method: 'POST', path: `/v1/admin/messages/${id(batched[0]!)}/retry`, headers: auth },
      { method: 'POST', path: `/v1/admin/messages/${id(waiting)}/retry`, headers: auth },
      { method: 'POST', path: `/v1/admin/messages/${hex(bytes32('unknown'))}/retry`, headers: auth },
      { method: 'POST', path: `/v1/admin/messages/${id(waiting)}/retry` },
      { method: 'POST', path: `/v1/admin/messages/${id(waiting)}/retry`, headers: { authorization: 'Bearer wrong' } },
      { method: 'POST', path: `/v1/admin/routes/${ORIGIN}-${DESTINATION}/pause`, headers: auth },
      { method: 'GET', path: '/v1/admin/routes', headers: auth },
      { method: 'POST', path: `/v1/admin/routes/${ORIGIN}-${DESTINATION}/resume`, headers: auth },
      { method: 'POST', path: '/v1/admin/routes/1-x/pause', headers: auth },
    ]
    const covered = new Set<string>()
    for (const exchange of exchanges) covered.add(await checkExchange(api.url, exchange))
    for (const path of ['/v1/stats', '/v1/stats'])
      covered.add(await checkExchange(limited.url, { method: 'GET', path }))
    assert.ok(covered.has('get /v1/stats 429'), 'a real 429 was checked')
    const untested = Object.entries(spec.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p} 200`))
      .filter((k) => !covered.has(k) && !k.includes('/metrics'))
    assert.deepEqual(untested, [], 'every operation answered 200 at least once')
  })

  async function checkExchange(url: string, exchange: Exchange): Promise<string> {
    const response = await fetch(`${url}${exchange.path}`, { method: exchange.method, headers: exchange.headers ?? {} })
    const found = operationOf(spec, exchange.method === 'GET' ? 'get' : 'post', exchange.path)
    assert.ok(found, `${exchange.method} ${exchange.path} is documented`)
    const documented = found.operation.responses[String(response.status)]
    assert.ok(
      documented,
      `${exchange.method} ${exchange.path}: status ${response.status} is documented for ${found.template}`,
    )
    const schema = documented.content?.['application/json']?.schema
    assert.ok(schema, `${found.template} ${response.status} has a JSON schema`)
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
    const violations = validateJsonSchema(schema, await response.json(), spec)
    assert.deepEqual(violations, [], `${exchange.method} ${exchange.path} -> ${response.status}`)
    return `${exchange.method.toLowerCase()} ${found.template} ${response.status}`
  }
})
