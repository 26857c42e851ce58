// The examples run here as a user would run them (the README's dApp example is examples/transfer.ts), each as its
// own process with `tsx`, against the devnet's whole mesh (two anvil chains, Solana, three relayer processes at
// threshold 2) and the devnet.json the devnet writes; each must end with its message executed (and a receipt that
// verifies). They run at the same time (each from its own developer account or key), as several dApps would.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startDevnetMesh, type DevnetMesh } from '@relaymesh/devnet'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'services/cli/bin/relaymesh.js')
const natsUrl = process.env['RELAYMESH_TEST_NATS_URL']
const databaseUrl = process.env['RELAYMESH_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const tag = `ex${process.pid}`

/** Runs a script the way a user would (`node --import tsx <file> <args>`), with a generous outer budget. */
function runScript(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: root, timeout: 15 * 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

describe('examples against the devnet', { concurrency: true }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'relaymesh-examples-'))
  // A folder that does not exist yet, like .devnet on a fresh checkout: the devnet makes it.
  const dir = join(tmp, 'devnet')
  let devnet: DevnetMesh | undefined
  const exited: string[] = []
  before(async () => {
    devnet = await startDevnetMesh({
      relayerIds: ['r1', 'r2', 'r3'],
      threshold: 2,
      workDir: dir,
      bin,
      // Its own subjects and streams, so it never meets another mesh on the shared NATS (JetStream refuses overlapping
      // subjects).
      env: {
        ...process.env,
        ...(natsUrl ? { RELAYMESH_TEST_NATS_URL: natsUrl } : {}),
        RELAYMESH_SUBJECT_ROOT: tag,
        RELAYMESH_LOG_LEVEL: 'warn',
        OTEL_TRACES_EXPORTER: 'none',
      },
      print: () => undefined,
      onProcessExit: (proc, code) => exited.push(`${proc.relayer}/${proc.service} exited ${code}`),
      databasePrefix: `rm_${tag}`,
      streamPrefix: tag.toUpperCase(),
    })
  })
  after(async () => {
    await devnet?.stop()
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    for (const id of ['r1', 'r2', 'r3']) await admin.query(`DROP DATABASE IF EXISTS rm_${tag}_${id} WITH (FORCE)`)
    await admin.end()
    rmSync(tmp, { recursive: true, force: true })
  })

  test('transfer.ts (the README example): a token Ethereum -> BSC, executed, its receipt verified offline, and back; verifyReceipt.ts on its id', async () => {
    const run = await runScript('examples/transfer.ts', [join(dir, 'devnet.json')])
    assert.equal(run.code, 0, `${run.stderr}\n${exited.join('\n')}`)
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
      id?: string
      state?: string
      receiptValid?: boolean
      back?: { id?: string; state?: string }
    }
    assert.match(result.id ?? '', /^0x[0-9a-f]{64}$/)
    assert.deepEqual([result.state, result.receiptValid, result.back?.state], ['executed', true, 'executed'])
    assert.match(result.back?.id ?? '', /^0x[0-9a-f]{64}$/)
    assert.deepEqual(exited, [])

    // verifyReceipt.ts fetches that message's receipt again through the API and prints each check it passed.
    const verify = await runScript('examples/verifyReceipt.ts', [result.id ?? '', join(dir, 'devnet.json')])
    assert.equal(verify.code, 0, `${verify.stdout}\n${verify.stderr}`)
    const lines = verify.stdout.trim().split('\n')
    assert.deepEqual(JSON.parse(lines.at(-1) ?? '{}'), { id: result.id, valid: true })
    assert.equal(lines.filter((l) => l.startsWith('ok   ')).length, 9, verify.stdout)
    assert.equal(lines.filter((l) => /^(FAIL|skip) /.test(l)).length, 0, verify.stdout)
  })

  test('sendMessage.ts: a message BSC -> Ethereum with an explicit recipient gas limit, executed', async () => {
    const run = await runScript('examples/sendMessage.ts', [join(dir, 'devnet.json')])
    assert.equal(run.code, 0, `${run.stderr}\n${exited.join('\n')}`)
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { id?: string; state?: string }
    assert.match(result.id ?? '', /^0x[0-9a-f]{64}$/)
    assert.equal(result.state, 'executed')
    assert.deepEqual(exited, [])
  })

  test('solanaMessage.ts: a message Solana -> Ethereum from a fresh airdropped key, found by sender, attested, executed', async () => {
    const run = await runScript('examples/solanaMessage.ts', [join(dir, 'devnet.json')])
    assert.equal(run.code, 0, `${run.stderr}\n${exited.join('\n')}`)
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
      signature?: string
      id?: string
      verification?: string
      state?: string
    }
    assert.match(result.id ?? '', /^0x[0-9a-f]{64}$/)
    assert.match(result.signature ?? '', /^[1-9A-HJ-NP-Za-km-z]{64,88}$/)
    assert.deepEqual([result.verification, result.state], ['attested', 'executed'])
    assert.deepEqual(exited, [])
  })
})
