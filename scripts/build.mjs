#!/usr/bin/env node
// `npm run build:js`: compiles every workspace package's TypeScript to JavaScript beside its sources, module for
// module (src/x.ts -> dist/x.js, with a source map), for what the package.json `exports` name under the
// `relaymesh-compiled` condition. That is what the CLI, the services and the image run; tests, benches and scripts
// keep running the sources through tsx (the `default` condition).
//
// `--declarations` (`npm ci` through the root `prepare` script, and `npm run build`) also writes each module's
// declarations beside it (src/x.ts -> dist/x.d.ts), from one `tsc -p tsconfig.build.json` over the whole workspace
// (about 12 CPU-s, `noCheck`). The workspace's own `types` conditions name the sources; the declarations are for
// the packages as published (scripts/packPackages.mjs writes their manifests). Without the flag the output folder
// has no declarations: a fast rebuild (`npm run devnet`) leaves none that could be stale.
//
// esbuild transpiles (no type check: `npm run typecheck` does that): the whole workspace in about a second, where
// `tsc -b` took 35 CPU-s here. Each package's output folder is rebuilt whole, so a deleted source leaves no module.
//
// The build stamp goes first and comes back, with the time the build STARTED, once every package is built: the
// `relaymesh` bin runs the compiled code only while no source file is newer than the stamp
// (services/cli/bin/compiledIsCurrent.js), so an edit made during or after a build never runs stale JavaScript, and a
// CLI started during a build runs the sources. Each package is built into a fresh folder that then replaces its
// output folder in two renames, so a process already loading the old build (another developer's test, say) does
// not find a half-written one.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const CONDITION = 'relaymesh-compiled'
/** Written after a complete build; read by services/cli/bin/relaymesh.js. */
export const BUILD_STAMP = join(root, 'node_modules', '.cache', 'relaymesh', 'build-stamp')
/** Where tsconfig.build.json writes the workspace's declarations (rootDir: the repository root). */
const DECLARATIONS = join(root, 'node_modules', '.cache', 'relaymesh', 'declarations')
const withDeclarations = process.argv.includes('--declarations')

/** Runs tsc over every package once; a declaration error (an inferred type that cannot be named) fails the build. */
function emitDeclarations() {
  rmSync(DECLARATIONS, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js')
  const t0 = Date.now()
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' })
  } catch (error) {
    throw new Error('declaration emit failed (tsc -p tsconfig.build.json): see the errors above', { cause: error })
  }
  console.log(`declarations: tsc -p tsconfig.build.json in ${Date.now() - t0} ms`)
}

/** Every `./<out>/x.js` the package exports under the compiled condition, as the source file it comes from. */
function compiledExports(pkg) {
  const targets = Object.values(pkg.exports ?? {}).map((e) => (typeof e === 'object' ? e[CONDITION] : undefined)).filter(Boolean)
  return targets.map((t) => ({ outDir: t.split('/')[1], source: `./src/${t.split('/').slice(2).join('/').replace(/\.js$/, '.ts')}` }))
}

function sourcesUnder(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) sourcesUnder(path, out)
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

const started = new Date()
rmSync(BUILD_STAMP, { force: true })
if (withDeclarations) emitDeclarations()
const packages = ['libs', 'services', 'contracts'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, group, e.name)))
let files = 0
for (const dir of packages) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const exported = compiledExports(pkg)
  if (exported.length === 0) continue
  const outDir = exported[0].outDir
  // The explorer's src is mostly browser code for Vite: only what its Node entry reaches is compiled (to lib/,
  // since its dist/ is the page). Every other package compiles all its non-test sources.
  const entryPoints = pkg.name === '@relaymesh/explorer'
    ? exported.map((e) => join(dir, e.source)).concat(join(dir, 'src', 'buildExplorer.ts'))
    : sourcesUnder(join(dir, 'src'))
  const fresh = join(dir, `.${outDir}.${process.pid}`)
  rmSync(fresh, { recursive: true, force: true })
  await build({
    entryPoints,
    outbase: join(dir, 'src'),
    outdir: fresh,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  const declarations = join(DECLARATIONS, relative(root, dir), 'src')
  if (withDeclarations && existsSync(declarations)) cpSync(declarations, fresh, { recursive: true })
  const old = join(dir, `.${outDir}.${process.pid}.old`)
  try {
    renameSync(join(dir, outDir), old)
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
  renameSync(fresh, join(dir, outDir))
  rmSync(old, { recursive: true, force: true })
  files += entryPoints.length
  console.log(`${relative(root, dir)}: ${entryPoints.length} modules -> ${outDir}/`)
}
mkdirSync(dirname(BUILD_STAMP), { recursive: true })
writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`)
utimesSync(BUILD_STAMP, started, started)
console.log(`built ${files} modules in ${Date.now() - started.getTime()} ms`)
