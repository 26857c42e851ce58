#!/usr/bin/env node
// `npm run build:js`: compiles every workspace package's TypeScript to JavaScript beside its sources, module for
// module (src/x.ts -> dist/x.js, with a source map), for what the package.json `exports` name under the
// `relaymesh-compiled` condition. That is what the CLI, the services and the image run; tests, benches and scripts
// keep running the sources through tsx (the `default` condition).
//
// `--declarations` (`npm ci` through the root `prepare` script, and `npm run build`) also writes each module's
// declarations beside it (src/x.ts -> dist/x.d.ts), from one `tsc -p tsconfig.build.json` over the whole workspace
// (about 12 CPU-s, `noCheck`; incremental, so a rebuild costs about a third less). The workspace's own `types`
// conditions name the sources; the declarations are for
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
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { BUNDLE_DIR, bundleCli } from './bundleCli.mjs'
import { compiledExports, compiledSources, emitDeclarations, root, transpile, workspacePackages } from './workspace.mjs'

/** Written after a complete build; read by services/cli/bin/relaymesh.js. */
export const BUILD_STAMP = join(root, 'node_modules', '.cache', 'relaymesh', 'build-stamp')
/** Where tsconfig.build.json writes the workspace's declarations (rootDir: the repository root). */
const DECLARATIONS = join(root, 'node_modules', '.cache', 'relaymesh', 'declarations')
const withDeclarations = process.argv.includes('--declarations')

const started = new Date()
rmSync(BUILD_STAMP, { force: true })
if (withDeclarations) {
  const t0 = Date.now()
  // Kept between builds: tsc -p is incremental (tsconfig.build.json), so a rebuild re-emits only what changed.
  emitDeclarations(join(root, 'tsconfig.build.json'))
  console.log(`declarations: tsc -p tsconfig.build.json in ${Date.now() - t0} ms`)
}
let files = 0
for (const { dir, pkg } of workspacePackages()) {
  const exported = compiledExports(pkg)
  if (exported.length === 0) continue
  const outDir = exported[0].outDir
  const entryPoints = compiledSources(dir, pkg)
  const fresh = join(dir, `.${outDir}.${process.pid}`)
  rmSync(fresh, { recursive: true, force: true })
  await transpile(dir, entryPoints, fresh)
  const declarations = join(DECLARATIONS, relative(root, dir), 'src')
  // A deleted source's declaration stays in the incremental output: copy only those whose source exists.
  const hasSource = (from) =>
    !from.endsWith('.d.ts') || existsSync(join(dir, 'src', relative(declarations, from)).replace(/\.d\.ts$/, '.ts'))
  if (withDeclarations && existsSync(declarations)) cpSync(declarations, fresh, { recursive: true, filter: hasSource })
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
// The CLI's bundle (scripts/bundleCli.mjs), from the compiled packages, swapped in the same way.
const freshBundle = `${BUNDLE_DIR}.${process.pid}`
await bundleCli(freshBundle)
rmSync(`${BUNDLE_DIR}.old`, { recursive: true, force: true })
if (existsSync(BUNDLE_DIR)) renameSync(BUNDLE_DIR, `${BUNDLE_DIR}.old`)
renameSync(freshBundle, BUNDLE_DIR)
rmSync(`${BUNDLE_DIR}.old`, { recursive: true, force: true })
console.log(`${relative(root, BUNDLE_DIR)}: the CLI bundled`)
mkdirSync(dirname(BUILD_STAMP), { recursive: true })
writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`)
utimesSync(BUILD_STAMP, started, started)
console.log(`built ${files} modules in ${Date.now() - started.getTime()} ms`)
