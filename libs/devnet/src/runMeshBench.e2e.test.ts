// The mesh benchmark's harness end to end at a low rate (the figures are for `npm run bench:mesh`; this
// checks that the harness runs the whole mesh, drains it and reports what the chains executed).
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { domains } from '@relaymesh/protocol'
import { MESH_ROUTES } from './mesh/startLoadGenerator.js'
import pg from 'pg'
import { TEST_DATABASE_URL, TEST_NATS_URL, testBusNamespace } from '@relaymesh/relayer/testing'
import type { DevnetFile } from './DevnetFile.js'
import { runMeshBench } from './runMeshBench.js'

const bin = fileURLToPath(new URL('../../../services/cli/bin/relaymesh.js', import.meta.url))

describe('bench:mesh harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-mesh-bench-'))
  const ns = testBusNamespace()
  const tag = ns.streamPrefix.toLowerCase()
  after(async () => {
    await ns.cleanup()
    // The bench creates one `<prefix>_<relayer>` database per relayer and leaves them for inspection; a test does not.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await admin.connect()
    for (const id of ['r1', 'r2', 'r3']) await admin.query(`DROP DATABASE IF EXISTS rm_mesh_${tag}_${id} WITH (FORCE)`)
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  })

  test('four routes at 40 msgs/s for 8 s: every message executed once on chain, the report, CSV and chart written', async () => {
    const lines: string[] = []
    const result = await runMeshBench({
      relayerIds: ['r1', 'r2', 'r3'],
      threshold: 2,
      rate: 40,
      durationSeconds: 8,
      routes: [...MESH_ROUTES],
      findMax: false,
      stepSeconds: 45,
      stepFactor: 1.5,
      // A busy CI machine can leave the mesh quiet for a while; the drain waits on state, not on a tight clock.
      drainStallSeconds: 600,
      runDir: dir,
      bin,
      env: { ...process.env, RELAYMESH_TEST_NATS_URL: TEST_NATS_URL, RELAYMESH_LOG_LEVEL: 'warn' },
      print: (line) => lines.push(line),
      signal: new AbortController().signal,
      databasePrefix: `rm_mesh_${tag}`,
      streamPrefix: ns.streamPrefix,
    })
    const { summary } = result
    // Totals first: everything sent was executed, exactly once, on every route.
    const sent = summary.routes.reduce((n, r) => n + r.sent, 0)
    assert.ok(sent > 0, 'the load generator sent messages')
    assert.equal(summary.executed, sent, 'every sent message executed on its destination chain')
    assert.equal(summary.lost, 0)
    assert.equal(summary.executedTwice, 0)
    assert.deepEqual(result.stalled, [])
    for (const r of summary.routes)
      assert.ok(r.sent > 0 && r.p99 !== undefined, `${r.route} carried traffic and has a latency`)
    // Then the report: every relayer identity and the chains measured, the last line, the run folder.
    assert.deepEqual(summary.identities.map((i) => i.identity).sort(), ['r1', 'r2', 'r3'])
    assert.ok(summary.identities.every((i) => i.cpuSeconds > 0 && i.peakRssBytes > 0))
    assert.ok(
      summary.processes.some((p) => p.name.startsWith('anvil')) &&
        summary.processes.some((p) => p.name === 'nats-server'),
    )
    assert.match(lines.at(-1) ?? '', /^sustained: \d+ msgs\/s .*lost 0, executed twice 0/)
    const csv = readFileSync(join(dir, 'backlog.csv'), 'utf8').trim().split('\n')
    assert.match(csv[0] ?? '', /^seconds,rate,offered,sent,executed,ethereum-local_sent,ethereum-local_source/)
    assert.ok(csv.length > 5, 'one backlog row per second')
    assert.match(readFileSync(join(dir, 'backlog.svg'), 'utf8'), /^<svg /)
    assert.ok(
      existsSync(join(dir, 'r1', 'settler.log')) && existsSync(join(dir, 'r2', 'all.log')),
      'each process logs to its file',
    )
    // devnet.json: what a script outside the repo needs. The chains are stopped by now, so this checks its
    // shape; the developer accounts' token transfers were checked on chain (a reverted one fails the start).
    const devnet = JSON.parse(readFileSync(join(dir, 'devnet.json'), 'utf8')) as DevnetFile
    assert.deepEqual(
      devnet.evm.map((c) => [c.name, c.domain]),
      [
        ['ethereum-local', 31337],
        ['bsc-local', 31356],
      ],
    )
    for (const c of devnet.evm) {
      assert.ok(
        [c.outbox, c.inbox, c.token, c.noopRecipient].every((a) => /^0x[0-9a-fA-F]{40}$/.test(a)),
        `${c.name} addresses`,
      )
      assert.deepEqual([c.relayerSet.relayers.length, c.relayerSet.threshold], [3, 2])
      assert.match(c.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
    }
    assert.equal(devnet.solana.domain, domains.solanaLocal)
    assert.match(devnet.explorerUrl, /\/explorer\/$/)
    assert.deepEqual(
      devnet.developerAccounts.length,
      3,
      'dev accounts 4, 5 and 6: no relayer and no demo traffic uses them',
    )
  })
})
