// The fault mode of bench:mesh, short: the whole mesh (3 relayer identities, r1 as one process per service) at a
// steady 30 msgs/s over four routes while relayer processes (one of them the proposer's batcher while a batch collects
// signatures) are SIGKILLed and restarted, the run's own NATS server is killed and restarted, a destination's base fee
// spikes and the proposer's settler runs out of funds (the balance alert's gauge must read low) until it is funded
// again. After the drain every dispatched message is executed exactly once on chain and every relayer's database
// agrees. Recovery times are reported, not asserted: two busy cores make them vary.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { MESH_ROUTES } from '../mesh/startLoadGenerator.js'
import { runMeshBench } from '../runMeshBench.js'

const bin = fileURLToPath(new URL('../../../../services/cli/bin/relaymesh.js', import.meta.url))

describe('bench:mesh --faults (short)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-faults-'))
  let passed = false
  // A failed run keeps its folder (every process's log, backlog.csv) for the replay of its seed.
  after(() => (passed ? rmSync(dir, { recursive: true, force: true }) : console.log(`fault run folder kept: ${dir}`)))

  // Was skipped after seed 2225525777 left destination 31337 with 682 messages never executed on a machine at load ~25.
  // What can stop a destination for good under these faults, fixed since: a refused batch left its
  // successors live (the proposer went on past the index the inbox waited for), a co-signature checked against a batch
  // refused and replaced at the same index counted towards the new one (a quorum the inbox rejects), and the
  // co-signature of a batch proposed again with the same hash was dropped as a duplicate by the stream.
  // Made a plain test again after 3 passing runs in a row with random seeds on the 2 cores kept busy by 6 CPU burners
  // (374314210: 84 s; 150173306 and 269554305 with `npm run test:unit` looping beside: 113 s and 101 s; load 9-14).
  test('process kills (the proposer mid-collection among them), a NATS restart, a gas spike and a drained settler under steady traffic: nothing lost, nothing twice', async () => {
    const lines: string[] = []
    const seed = Number(process.env['RELAYMESH_FAULT_SEED'] ?? Math.floor(Math.random() * 2 ** 32))
    const result = await runMeshBench({
      relayerIds: ['r1', 'r2', 'r3'],
      threshold: 2,
      rate: 30,
      durationSeconds: 45,
      routes: [...MESH_ROUTES],
      findMax: false,
      stepSeconds: 45,
      stepFactor: 1.5,
      // The drain waits on state: a busy machine restarting processes can be quiet for a while; a destination stopped
      // for good is reported after 4 quiet minutes instead of ten.
      drainStallSeconds: 240,
      runDir: dir,
      bin,
      env: { ...process.env, RELAYMESH_LOG_LEVEL: 'warn' },
      print: (line) => lines.push(line),
      signal: new AbortController().signal,
      faults: {
        seed,
        kinds: ['kill-process', 'kill-proposer-cosigning', 'restart-nats', 'gas-spike', 'settler-funds-low'],
      },
    })
    const report = () =>
      `seed ${seed}\n${lines.filter((l) => /^(fault|crash|VIOLATION|recovery|faults:|lost:|sustained| {2})/.test(l)).join('\n')}`
    // Totals first: everything sent executed exactly once, on chain.
    const sent = result.summary.routes.reduce((n, r) => n + r.sent, 0)
    assert.ok(sent > 0, 'the load generator sent messages')
    assert.equal(result.summary.lost, 0, report())
    assert.equal(result.summary.executedTwice, 0, report())
    assert.equal(result.summary.executed, sent, report())
    assert.deepEqual(result.violations, [], report())
    // Then the schedule: every fault played, and the summary line.
    const played = lines.filter((l) => l.startsWith('fault: '))
    assert.equal(played.length, 6, report())
    for (const kind of ['kill-process', 'kill-proposer-cosigning', 'restart-nats', 'gas-spike', 'settler-funds-low'])
      assert.ok(
        played.some((l) => l.startsWith(`fault: ${kind} `)),
        `${kind} played\n${report()}`,
      )
    assert.match(
      lines.at(-1) ?? '',
      /^faults: 6 played \(seed \d+\), messages \d+, lost 0, duplicated 0, .* violations 0$/,
      report(),
    )
    console.log(report())
    passed = true
  })
})
