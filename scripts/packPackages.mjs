#!/usr/bin/env node
// `npm run pack:sdk` (node scripts/packPackages.mjs [--out <dir>] [<package> ...], default @relaymesh/sdk): npm
// tarballs of workspace packages as they would be published, with every workspace package they depend on (the SDK:
// @relaymesh/sdk, protocol, errors, evm-contracts). Prints the tarballs' paths as one JSON line, last.
//
// Separate packages rather than one bundled SDK: each keeps its own entry points and declarations as tsc wrote
// them (a bundled package would need a declaration bundler), a dApp that also imports @relaymesh/protocol gets the
// same module and the same error classes (`instanceof` holds), and published versions move together (the
// workspace's `*` ranges become the exact sibling version).
//
// The workspace's manifests name the TypeScript sources (`types` and `default`, for tests, tsx and the typecheck)
// and stay private. Each packed package is staged apart, so the workspace's dist/ is left as it is: the same
// esbuild transpile as scripts/build.mjs, declarations from tsc over these packages alone (tsconfig.build.json's
// options), and a manifest whose exports name only the compiled output: `types` -> dist/x.d.ts, `default` ->
// dist/x.js. Exports with no compiled output (a source-only `./internal`) are not published.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import {
  CONDITION,
  compiledExports,
  compiledSources,
  emitDeclarations,
  root,
  transpile,
  workspacePackages,
} from './workspace.mjs'

const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const out = resolve(outAt >= 0 ? args.splice(outAt, 2)[1] : join(root, '.tmp', 'packages'))
const requested = args.length > 0 ? args : ['@relaymesh/sdk']

const byName = new Map(workspacePackages().map((p) => [p.pkg.name, p]))
const rootManifest = JSON.parse(
  execFileSync('npm', ['pkg', 'get', 'license', 'repository', '--json'], { cwd: root, encoding: 'utf8' }),
)

/** The requested packages and every workspace package their runtime `dependencies` reach. */
function closure(names) {
  const seen = new Map()
  const visit = (name) => {
    const found = byName.get(name)
    if (!found) throw new Error(`${name} is not a workspace package`)
    if (seen.has(name)) return
    seen.set(name, found)
    for (const dep of Object.keys(found.pkg.dependencies ?? {})) if (byName.has(dep)) visit(dep)
  }
  names.forEach(visit)
  return [...seen.values()]
}

/** The manifest as published: compiled exports only, exact sibling versions, no scripts or dev dependencies. */
function publishedManifest(pkg) {
  const exports = {}
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const js = typeof target === 'object' ? target[CONDITION] : undefined
    if (js) exports[subpath] = { types: js.replace(/\.js$/, '.d.ts'), default: js }
  }
  const dependencies = Object.fromEntries(
    Object.entries(pkg.dependencies ?? {}).map(([name, range]) => [name, byName.get(name)?.pkg.version ?? range]),
  )
  const { name, version, description } = pkg
  return { name, version, description, license: rootManifest.license, type: 'module', exports, dependencies }
}

const packages = closure(requested)
const stage = join(root, 'node_modules', '.cache', 'relaymesh', `pack-${process.pid}`)
rmSync(stage, { recursive: true, force: true })
mkdirSync(stage, { recursive: true })
try {
  // Declarations for these packages only: tsc reads what they import, and writes under stage/declarations.
  const tsconfig = join(stage, 'tsconfig.json')
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      // Not incremental: the stage is fresh each time, and the workspace build's build info must stay its own.
      compilerOptions: {
        outDir: join(stage, 'declarations'),
        rootDir: root,
        incremental: false,
        tsBuildInfoFile: null,
      },
      include: packages.map(({ dir }) => join(dir, 'src', '**', '*.ts')),
      files: [],
      exclude: ['**/node_modules', '**/dist', '**/*.test.ts'],
    }),
  )
  emitDeclarations(tsconfig)
  mkdirSync(out, { recursive: true })
  const tarballs = []
  for (const { dir, pkg } of packages) {
    const target = join(stage, 'packages', pkg.name)
    const outDir = compiledExports(pkg)[0]?.outDir
    if (!outDir) throw new Error(`${pkg.name} exports no compiled entry (${CONDITION}): nothing to publish`)
    await transpile(dir, compiledSources(dir, pkg), join(target, outDir))
    cpSync(join(stage, 'declarations', relative(root, dir), 'src'), join(target, outDir), { recursive: true })
    for (const file of ['README.md', 'LICENSE'])
      if (existsSync(join(dir, file))) cpSync(join(dir, file), join(target, file))
    writeFileSync(join(target, 'package.json'), `${JSON.stringify(publishedManifest(pkg), null, 2)}\n`)
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
        cwd: target,
        encoding: 'utf8',
      }),
    )
    tarballs.push(join(out, packed.filename))
    console.error(
      `${pkg.name}@${pkg.version}: ${packed.entryCount} files, ${packed.size} bytes -> ` +
        `${relative(process.cwd(), join(out, packed.filename))}`,
    )
  }
  console.log(JSON.stringify(tarballs))
} finally {
  rmSync(stage, { recursive: true, force: true })
}
