/**
 * `relaymesh attester` over mTLS, with certificates made in the test by openssl: a relayer's
 * collector presenting a client certificate from the attester's client CA (and its token) gets signatures over
 * HTTPS; without a certificate, or with one from another CA, a signature request is refused
 * (401 CLIENT_CERT_REQUIRED) even with the token. Health and metrics need no client certificate (probes).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildSlotCommitment, devKeyFromSeed } from '@relaymesh/solana'
import { createDb, migrate, type CreateDbReturnType } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { createHttpFetchSignedCommitment, type SignerTls } from '../solana/collectCommitmentSignatures.js'
import { createTestDatabases } from '../testing/testInfra.js'
import { loadAttesterConfig } from './loadAttesterConfig.js'
import { startAttester, type AttesterChain } from './startAttester.js'

const key = devKeyFromSeed(createHash('sha256').update('attester-mtls-test').digest())
const TOKEN = 'relayer-r1-token-0123456789'
const dir = mkdtempSync(join(tmpdir(), 'relaymesh-mtls-'))
const pem = (name: string) => readFileSync(join(dir, name), 'utf8')
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

/**
 * A CA (`<name>-ca.pem`), and a certificate it signs for `<cert>` (`<cert>.pem`, `<cert>-key.pem`) with these
 * extensions.
 */
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name} CA`,
    '-keyout',
    `${name}-ca-key.pem`,
    '-out',
    `${name}-ca.pem`,
  )
}
function makeCert(ca: string, cert: string, extensions: string): void {
  writeFileSync(join(dir, `${cert}.ext`), extensions)
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    `/CN=${cert}`,
    '-keyout',
    `${cert}-key.pem`,
    '-out',
    `${cert}.csr`,
  )
  openssl(
    'x509',
    '-req',
    '-in',
    `${cert}.csr`,
    '-CA',
    `${ca}-ca.pem`,
    '-CAkey',
    `${ca}-ca-key.pem`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${cert}.ext`,
    '-out',
    `${cert}.pem`,
  )
}

const chain: AttesterChain = {
  domain: 900,
  slotsPerEpoch: 8,
  finalizedSlot: async () => 3,
  messagesBefore: async () => 0,
  messagesBetween: async () => 0,
  commitmentAt: async (slot) =>
    buildSlotCommitment({
      domain: 900,
      slot,
      blockhash: '11111111111111111111111111111111',
      slotsPerEpoch: 8,
      messagesBefore: 0,
      ids: [],
    }),
}

describe('relaymesh attester over mTLS', () => {
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let store: CreateDbReturnType
  before(async () => {
    makeCa('server')
    makeCa('clients')
    makeCa('stranger')
    makeCert('server', 'attester', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
    makeCert('clients', 'relayer', 'extendedKeyUsage=clientAuth\n')
    makeCert('stranger', 'intruder', 'extendedKeyUsage=clientAuth\n')
    dbs = await createTestDatabases(['attester'])
    store = createDb({ connectionString: dbs.url('attester'), max: 2 })
    await migrate(store.db)
  })
  after(async () => {
    await store?.close()
    await dbs?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves signatures only to a client certificate from its client CA (and a token); health without one', async () => {
    // The TLS files as an operator mounts them, through the attester's own config reader.
    const files: Record<string, string> = {
      '/config': JSON.stringify({
        attesterId: 'a1',
        databaseUrl: 'postgres://unused',
        solana: { domain: 900, rpcUrl: 'http://solana:8899', feeAccount: key.publicKey },
        committee: { schedule: [{ fromEpoch: 0, members: [{ pubkey: key.publicKey, stake: '1' }] }] },
      }),
      '/key': createHash('sha256').update('attester-mtls-test').digest('hex'),
      '/tokens': `${TOKEN}\n`,
      '/tls/crt': pem('attester.pem'),
      '/tls/key': pem('attester-key.pem'),
      '/tls/ca': pem('clients-ca.pem'),
    }
    const { tls } = loadAttesterConfig(
      {
        RELAYMESH_ATTESTER_CONFIG_FILE: '/config',
        RELAYMESH_ATTESTER_KEY_FILE: '/key',
        RELAYMESH_ATTESTER_TOKENS_FILE: '/tokens',
        RELAYMESH_ATTESTER_TLS_CERT_FILE: '/tls/crt',
        RELAYMESH_ATTESTER_TLS_KEY_FILE: '/tls/key',
        RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE: '/tls/ca',
      },
      (p) => files[p] ?? '',
    )
    const stop = new AbortController()
    const attester = await startAttester({
      db: store.db,
      key,
      chain,
      schedule: [{ fromEpoch: 0, members: [{ pubkey: key.publicKey, stake: 1n }] }],
      tokens: [TOKEN],
      rateLimit: { ratePerSecond: 100, burst: 100 },
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ name: 'mtls-test', level: 'silent' }),
      signal: stop.signal,
      clock: { now: () => performance.now() },
      pollIntervalMs: 20,
      tls,
    })
    try {
      assert.match(attester.url, /^https:\/\//)
      const deadline = Date.now() + 60_000
      while (attester.lastSigned() < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      const ca = pem('server-ca.pem')
      const relayer: SignerTls = { ca, cert: pem('relayer.pem'), key: pem('relayer-key.pem') }
      const signed = await createHttpFetchSignedCommitment(TOKEN, relayer)(attester.url, 2)
      assert.deepEqual([signed?.signer, signed?.commitment.slot], [key.publicKey, 2])
      for (const [who, tlsOf] of [
        ['no client certificate', { ca }],
        ["another CA's certificate", { ca, cert: pem('intruder.pem'), key: pem('intruder-key.pem') }],
      ] as const) {
        await assert.rejects(
          createHttpFetchSignedCommitment(TOKEN, tlsOf)(attester.url, 2),
          (e: { code?: string; meta?: { status?: number } }) =>
            e.code === 'SIGNER_UNREACHABLE' && e.meta?.status === 401,
          who,
        )
      }
      const body = await new Promise<string>((resolve, reject) => {
        request(`${attester.url}/v1/commitments/2`, { ca, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString())).on('end', () => resolve(text))
        })
          .on('error', reject)
          .end()
      })
      assert.deepEqual(JSON.parse(body), { error: { code: 'CLIENT_CERT_REQUIRED' } })
      await assert.rejects(
        createHttpFetchSignedCommitment(TOKEN, { cert: relayer.cert, key: relayer.key })(attester.url, 2),
        /self-signed|unable to verify|certificate/,
        "the attester's certificate is checked too",
      )
      const health = await new Promise<number>((resolve, reject) =>
        request(`${attester.url}/healthz`, { ca }, (res) => resolve(res.statusCode ?? 0))
          .on('error', reject)
          .end(),
      )
      assert.equal(health, 200, 'probes need no client certificate')
    } finally {
      stop.abort()
      await attester.done
    }
  })
})
