#!/usr/bin/env node
// Test entry point: `node test/run.mjs <unit|int|e2e|all>`.
// Finds the test files of the requested kind (STYLE.md: x.test.ts needs
// nothing, x.int.test.ts needs Postgres or NATS, x.e2e.test.ts needs chains),
// makes sure Postgres and NATS are reachable (the running ones, otherwise a
// temporary cluster and server started from the installed binaries, otherwise
// it fails at once naming the packages to install), then runs node's test
// runner through tsx so CI reads its pass/fail counts.
//
// Tests run on the project's Node 24 (tools/node puts it at node_modules/.bin/node, which `npm test` finds first on
// PATH), also when this script itself was started by an older `node` (`node test/run.mjs ...` on a machine with
// Node 20).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ensurePostgres, ensureNats } from './infra.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const kind = process.argv[2] ?? 'all'
const filters = process.argv.slice(3)

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) findTests(path, out)
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path))
  }
  return out
}

function kindOf(file) {
  if (file.endsWith('.e2e.test.ts')) return 'e2e'
  if (file.endsWith('.int.test.ts')) return 'int'
  return 'unit'
}

const files = ['libs', 'services', 'contracts', 'deploy', 'test']
  .flatMap((d) => {
    try {
      return findTests(join(root, d))
    } catch {
      return []
    }
  })
  .filter((f) => kind === 'all' || kindOf(f) === kind)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

if (files.length === 0) {
  console.error(`no ${kind} test files found`)
  process.exit(1)
}

const cleanups = []
const env = { ...process.env, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }
if (files.some((f) => kindOf(f) !== 'unit')) {
  const pg = await ensurePostgres()
  const nats = await ensureNats()
  env.RELAYMESH_TEST_DATABASE_URL = pg.url
  env.RELAYMESH_TEST_NATS_URL = nats.url
  cleanups.push(pg.stop, nats.stop)
  console.log(`# postgres: ${pg.url} (${pg.source}); nats: ${nats.url} (${nats.source})`)
}

// --test-timeout bounds a hang only (on Node 24 it applies to each test and hook), so it must hold for the slowest
// file on two cores shared with the file running beside it and the relayer processes, anvils and CLIs both spawn (each
// compiles TypeScript first: tens of seconds apiece when busy). The tests themselves wait on state, each wait with its
// own deadline (STYLE.md, Tests).
// registerModuleHooks.mjs: resolution shortcuts around Node 24 re-parsing a package's exports map per module loaded.
// The spec report goes to the terminal; a TAP copy to a file gives the closing `N passed, N failed` line.
const tapDir = mkdtempSync(join(tmpdir(), 'relaymesh-test-'))
const tapFile = join(tapDir, 'report.tap')
const args = [
  '--import',
  pathToFileURL(join(root, 'test', 'registerModuleHooks.mjs')).href,
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=1800000',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tapFile}`,
  ...files,
]
const projectNode = join(root, 'node_modules', '.bin', 'node')
const node =
  Number(process.versions.node.split('.')[0]) < 24 && existsSync(projectNode) ? projectNode : process.execPath
console.log(`# node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()} (${node})`)
const child = spawn(node, args, { cwd: root, env, stdio: 'inherit' })
const stop = (sig) => child.kill(sig)
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))))
for (const cleanup of cleanups) await cleanup()
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : ''
const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0)
rmSync(tapDir, { recursive: true, force: true })
// A cancelled test (its suite's hook failed, or its file ran out of time) did not pass: it counts as failed.
console.log(`${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped')} skipped`)
process.exit(code)
