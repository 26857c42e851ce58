// npm run bench:cli [-- --runs 15]
// How fast the `relaymesh` CLI starts, as ratios to `node -e 0` timed in the same run (targets: `--help` <= 2x,
// `status` against a running API <= 3x). Each command runs as a whole process, the three in turn per round so that
// a machine whose speed drifts slows them alike; the medians and the ratios of medians are printed. `status` runs
// with `--interval 1` (its two samples 1 ms apart) against a real API over a seeded throwaway database (the running
// Postgres, as the integration tests use). The CLI runs its compiled build when it is current (npm run build:js);
// the `compiled` line says which one was timed.
import { execFile } from 'node:child_process'
import { parseArgs, promisify } from 'node:util'
import { createLogger } from '@relaymesh/telemetry'
import { compiledIsCurrent } from '../bin/compiledIsCurrent.js'
// Test-only seeding shared with the API's own tests (not part of @relaymesh/relayer's public entry).
import { fakeApiChains, openTestStore, startTestApi } from '../../../libs/relayer/src/api/apiTestSeed.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } })
const runs = Number(values.runs)
const bin = new URL('../bin/relaymesh.js', import.meta.url).pathname
const node = process.execPath

const store = await openTestStore()
const api = await startTestApi(store.db, createLogger({ name: 'bench-cli', level: 'silent' }), {
  deps: { chains: fakeApiChains() },
})
const commands: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'relaymesh --help': [bin, '--help'],
  'relaymesh status': [bin, 'status', '--api', api.url, '--interval', '1', '--json'],
}

const run = promisify(execFile)

// Asynchronous: the API answering `status` runs in this process.
async function timeOnce(args: string[]): Promise<number> {
  const started = performance.now()
  try {
    await run(node, args)
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string } // reason: execFile's error carries both
    throw new Error(`node ${args.join(' ')} failed: ${stdout}${stderr}`, { cause: error })
  }
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number // reason: runs >= 1
try {
  // warm-up: file cache, tsx cache when running sources
  for (const args of Object.values(commands)) await timeOnce(args)
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]))
  for (let i = 0; i < runs; i++)
    // reason: keys of commands
    for (const [name, args] of Object.entries(commands)) times[name]!.push(await timeOnce(args))
  const base = median(times['node -e 0']!) // reason: a key of commands
  const runsWhat =
    process.env['RELAYMESH_RUN_SOURCES'] === '1' || !compiledIsCurrent()
      ? 'the TypeScript sources (tsx)'
      : 'the compiled build'
  console.log(`node ${process.version}; relaymesh runs ${runsWhat}; ${runs} runs each, medians`)
  for (const [name, xs] of Object.entries(times)) {
    console.log(
      `${name.padEnd(18)} ${median(xs).toFixed(1).padStart(7)} ms  ${(median(xs) / base).toFixed(2)}x node -e 0`,
    )
  }
} finally {
  await api.stop()
  await store.close()
}
