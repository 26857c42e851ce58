/**
 * `relaymesh attester`'s composition root over a real Solana JSON-RPC (the
 * local LiteSVM chain the devnet runs) and the real Postgres: it signs the
 * chain's finalized slots with its key, byte for byte what the devnet's
 * signer with the same key serves (same commitment, deterministic ed25519),
 * and stops cleanly.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createHttpFetchSignedCommitment, httpFetchSignedCommitment } from '../solana/collectCommitmentSignatures.js'
import { startLocalSolanaSource, type LocalSolanaSource } from '@relaymesh/devnet/solana'
import { createServer } from 'node:net'
import pg from 'pg'
import { createTestDatabases } from '../testing/testInfra.js'
import { loadAttesterConfig } from './loadAttesterConfig.js'
import { runAttesterMain } from './runAttesterMain.js'

const TOKEN = 'e2e-relayer-token-0123456789'

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number } // reason: a TCP server
      server.close(() => resolve(port))
    })
  })
}

describe('relaymesh attester on a local Solana chain', () => {
  let source: LocalSolanaSource
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  before(async () => {
    source = await startLocalSolanaSource({ slotsPerEpoch: 64 })
    dbs = await createTestDatabases(['attester'])
  })
  after(async () => {
    await source?.stop()
    await dbs?.drop()
  })

  it('signs finalized slots exactly as the devnet signer with the same key, serves them with a token, stops on abort', async () => {
    // Devnet key 1 (createDevCommittee's seed scheme): on every epoch's committee but epoch 1's.
    const seed = createHash('sha256').update('relaymesh-devnet-committee:1').digest().toString('hex')
    const { config } = source
    const files: Record<string, string> = {
      '/config': JSON.stringify({
        attesterId: 'a1',
        databaseUrl: dbs.url('attester'),
        solana: {
          domain: config.domain,
          rpcUrl: config.rpcUrl,
          feeAccount: config.feeAccount,
          minFee: String(config.minFee),
          slotsPerEpoch: config.slotsPerEpoch,
        },
        committee: {
          schedule: config.committee.schedule.map((e) => ({
            fromEpoch: e.fromEpoch,
            members: e.members.map((m) => ({ pubkey: m.pubkey, stake: String(m.stake) })),
          })),
        },
        api: { host: '127.0.0.1', port: 0 },
        pollIntervalMs: 50,
      }),
      '/key': seed,
      '/tokens': `${TOKEN}\n`,
    }
    const loaded = loadAttesterConfig(
      {
        RELAYMESH_ATTESTER_CONFIG_FILE: '/config',
        RELAYMESH_ATTESTER_KEY_FILE: '/key',
        RELAYMESH_ATTESTER_TOKENS_FILE: '/tokens',
        RELAYMESH_LOG_LEVEL: 'silent',
        OTEL_TRACES_EXPORTER: 'none',
      },
      (p) => files[p] ?? '',
    )
    const port = await freePort()
    const stop = new AbortController()
    const running = runAttesterMain(
      { ...loaded, attester: { ...loaded.attester, api: { host: '127.0.0.1', port } } },
      { signal: stop.signal },
    )
    try {
      const attester = createHttpFetchSignedCommitment(TOKEN)
      const devnetSigner = source.signers.signerUrls[1] as string // reason: five devnet keys
      // A slot of epoch 0 both have signed: the devnet signer's answer, then the attester's for the same slot.
      const deadline = Date.now() + 5 * 60_000
      let compared = 0
      for (let slot = 1; compared < 3 && Date.now() < deadline;) {
        const [theirs, ours] = await Promise.all([
          httpFetchSignedCommitment(devnetSigner, slot),
          attester(`http://127.0.0.1:${port}`, slot).catch(() => null),
        ])
        if (theirs && ours) {
          assert.deepEqual(ours, theirs, `slot ${slot}: the same signed commitment`)
          compared++
          slot++
        } else if (theirs === null && source.signers.lastSigned() > slot + 2)
          slot++ // no block at that slot
        else await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.equal(compared, 3, 'three slots compared')
      await assert.rejects(createHttpFetchSignedCommitment()(`http://127.0.0.1:${port}`, 1), /HTTP 401/)
      // Postgres drops the attester's connections (a restart, a failover): it goes on serving, no crash of the process.
      const admin = new pg.Client({ connectionString: dbs.url('attester') })
      await admin.connect()
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relaymesh-attester-a1'`,
        )
        assert.ok((killed.rowCount ?? 0) > 0, 'the attester had connections to drop')
      } finally {
        await admin.end()
      }
      const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200
      for (let at = Date.now(); !(await ready());) {
        assert.ok(Date.now() - at < 60_000, 'ready again after its connections were dropped')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      stop.abort()
      await running
    }
  })
})
