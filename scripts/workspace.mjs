// What scripts/build.mjs and scripts/packPackages.mjs share: the workspace's packages, what each compiles, and the
// one esbuild transpile both use (so a packed package holds the same JavaScript the CLI and the image run).
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const root = fileURLToPath(new URL('..', import.meta.url))
/** The export condition naming a package's compiled JavaScript (services/cli/bin/moduleHooks.js resolves it). */
export const CONDITION = 'relaymesh-compiled'

/** Every workspace package: its folder and its package.json. */
export function workspacePackages() {
  return ['libs', 'services', 'contracts'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => {
        const dir = join(root, group, e.name)
        return { dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }
      }),
  )
}

/** Every `./<out>/x.js` the package exports under the compiled condition, as the source file it comes from. */
export function compiledExports(pkg) {
  const targets = Object.values(pkg.exports ?? {})
    .map((e) => (typeof e === 'object' ? e[CONDITION] : undefined))
    .filter(Boolean)
  return targets.map((t) => ({
    outDir: t.split('/')[1],
    source: `./src/${t.split('/').slice(2).join('/').replace(/\.js$/, '.ts')}`,
  }))
}

function sourcesUnder(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) sourcesUnder(path, out)
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
      out.push(path)
  }
  return out
}

/**
 * The modules a package compiles: all its non-test sources, except for the explorer, whose src is mostly browser
 * code for Vite: only what its Node entry reaches (it compiles to lib/, since its dist/ is the page).
 */
export function compiledSources(dir, pkg) {
  return pkg.name === '@relaymesh/explorer'
    ? compiledExports(pkg)
        .map((e) => join(dir, e.source))
        .concat(join(dir, 'src', 'buildExplorer.ts'))
    : sourcesUnder(join(dir, 'src'))
}

/** Transpiles `entryPoints` (under `dir`/src) module for module into `outdir`, with linked source maps. */
export async function transpile(dir, entryPoints, outdir) {
  await build({
    entryPoints,
    outbase: join(dir, 'src'),
    outdir,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
}

/**
 * Runs `tsc -p <tsconfig>` (declarations only, see tsconfig.build.json); a declaration error, such as an inferred
 * type that cannot be named, throws.
 */
export function emitDeclarations(tsconfig) {
  const tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js')
  try {
    execFileSync(process.execPath, [tsc, '-p', tsconfig], { cwd: root, stdio: 'inherit' })
  } catch (error) {
    throw new Error(`declaration emit failed (tsc -p ${relative(root, tsconfig)}): see the errors above`, {
      cause: error,
    })
  }
}
