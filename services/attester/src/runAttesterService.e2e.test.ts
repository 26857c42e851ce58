/**
 * `relaymesh attester`'s service over a real Solana JSON-RPC (the
 * local LiteSVM chain the devnet runs) and the real Postgres: it signs the
 * chain's finalized slots with its key, byte for byte what the devnet's
 * signer with the same key serves (same commitment, deterministic ed25519),
 * and stops cleanly.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { startLocalSolanaSource, type LocalSolanaSource } from '@relaymesh/devnet/solana'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createHttpFetchSignedCommitment, httpFetchSignedCommitment, loadAttesterConfig } from '@relaymesh/relayer'
import { createTestDatabases } from '@relaymesh/relayer/testing'
import { runAttesterService } from './runAttesterService.js'

const TOKEN = 'e2e-relayer-token-0123456789'
const BIN = new URL('../../cli/bin/relaymesh.js', import.meta.url)

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number } // reason: a TCP server
      server.close(() => resolve(port))
    })
  })
}

/**
 * The attester's config, key and tokens files (devnet key 1 of the local chain's committee), by their env names' paths.
 */
function attesterFiles(source: LocalSolanaSource, databaseUrl: string, port = 0): Record<string, string> {
  // Devnet key 1 (createDevCommittee's seed scheme): on every epoch's committee but epoch 1's.
  const seed = createHash('sha256').update('relaymesh-devnet-committee:1').digest().toString('hex')
  const { config } = source
  return {
    '/config': JSON.stringify({
      attesterId: 'a1',
      databaseUrl,
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
      api: { host: '127.0.0.1', port },
      pollIntervalMs: 50,
    }),
    '/key': seed,
    '/tokens': `${TOKEN}\n`,
  }
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
    const files = attesterFiles(source, dbs.url('attester'))
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
    const running = runAttesterService(
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

  it('`relaymesh attester` (its root in services/attester) reads its files from the environment, serves, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relaymesh-attester-'))
    const port = await freePort()
    const env: Record<string, string> = {}
    for (const [name, content] of Object.entries(attesterFiles(source, dbs.url('attester'), port))) {
      const path = join(dir, name.slice(1))
      writeFileSync(path, content, { mode: 0o600 })
      env[`RELAYMESH_ATTESTER_${name.slice(1).toUpperCase()}_FILE`] = path
    }
    const child = spawn(process.execPath, [fileURLToPath(BIN), 'attester'], {
      env: { ...process.env, ...env, OTEL_TRACES_EXPORTER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200
      for (let at = Date.now(); !(await ready());) {
        assert.ok(child.exitCode === null, output.slice(-2000))
        assert.ok(Date.now() - at < 5 * 60_000, `ready within the deadline\n${output.slice(-2000)}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      child.kill('SIGTERM')
      assert.equal(await exited, 0, output.slice(-2000))
      assert.match(output, /relaymesh attester started/)
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
