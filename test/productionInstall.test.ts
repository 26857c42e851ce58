import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

// The image installs the production dependencies (`npm ci --omit=dev`, Dockerfile) and copies no devnet code.
// These tests prove from package-lock.json and the sources that this install holds no development tool, that the
// services (the CLI's tree) reach no development part, and that every package the services load is declared in
// their own package.json (a full install hoists everything, which hid such gaps).
const root = fileURLToPath(new URL('..', import.meta.url))
const PRODUCTION_ROOT = 'services/cli'
/** Development parts: chains and simulators, compilers, the devnet and its explorer build, test and build tools. */
const DEV_ONLY = [
  /^@foundry-rs\//,
  /^litesvm/,
  /^solc$/,
  /^@relaymesh\/(localchain|devnet|service-devnet|explorer)$/,
  /^(tsx|esbuild|vite|eslint|drizzle-kit|wabt|typescript)$/,
]
/** Source that only the devnet, the benches and the tests load (it may import development packages). */
const DEV_PATH =
  /^libs\/devnet\/|^libs\/solana\/src\/local\/|\/testing\/|\/(testing\.ts|\w+TestSeed\.ts|[\w.]+\.test\.ts)$/
/** Bare imports production source makes only in a development checkout, each guarded where it is made. */
const DEV_CHECKOUT_IMPORTS = new Set([
  'services/cli/src/loadDevnet.ts @relaymesh/service-devnet', // the devnet command: a clear error without it
  'services/cli/bin/relaymesh.js tsx/esm/api', // sources run through tsx only when the compiled build is stale
])

interface LockEntry {
  name?: string
  version?: string
  devOptional?: boolean
  link?: boolean
  resolved?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}
type LockPackages = Record<string, LockEntry>
// reason: package-lock.json v3 is JSON of this shape
const lock = (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: LockPackages }).packages

/**
 * Where node finds `name` from the package at `from`: its own node_modules, then each enclosing one, then the root's.
 */
function resolveIn(from: string, name: string): string | undefined {
  const parts = from.split('/node_modules/')
  for (let i = parts.length; i >= 0; i--) {
    const dir = i === 0 ? '' : parts.slice(0, i).join('/node_modules/')
    const entry = lock[dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`]
    if (entry) return entry.link ? entry.resolved : dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`
  }
  return undefined
}

/** Every package path (lock key) in the production tree of `starts`, with the name it was reached by. */
function productionTree(starts: string[]): Map<string, string> {
  const seen = new Map<string, string>()
  const visit = (path: string, name: string) => {
    if (seen.has(path)) return
    seen.set(path, name)
    const entry = lock[path] ?? {}
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional)
    for (const dep of [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...peers,
    ]) {
      const target = resolveIn(path, dep)
      if (target) visit(target, dep)
      else assert.ok(entry.optionalDependencies?.[dep], `${path}: ${dep} is not in package-lock.json`)
    }
  }
  for (const start of starts) visit(start, lock[start]?.name ?? 'relaymesh')
  return seen
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(path)
    return /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/')
const builtins = new Set(builtinModules)

describe('the production install (the image)', () => {
  // npm installs every workspace's dependencies (workspaces are roots of the tree), not only the CLI's: a
  // development-only workspace (localchain, the devnet) lists its tools as devDependencies for that reason.
  const workspaceRoots = Object.keys(lock).filter((path) => path !== '' && !path.includes('node_modules'))
  const installed = productionTree(['', ...workspaceRoots])
  const tree = productionTree([PRODUCTION_ROOT])
  const workspaces = [...tree.keys()].filter((p) => !p.includes('node_modules'))

  it('installs no development tool: no anvil, LiteSVM, solc or build tool (`npm ci --omit=dev`)', () => {
    const offending = [...installed].filter(
      ([path, name]) => path.includes('node_modules') && DEV_ONLY.some((re) => re.test(name)),
    )
    assert.deepEqual(
      offending.map(([path]) => path),
      [],
    )
  })

  it('gives the services no development part: the CLI reaches no devnet, local chain or explorer build', () => {
    const offending = [...tree].filter(([, name]) => DEV_ONLY.some((re) => re.test(name))).map(([path]) => path)
    assert.deepEqual(offending, [])
    assert.ok(workspaces.includes('libs/relayer') && workspaces.includes('services/watcher'), 'the services are in it')
    assert.ok(!workspaces.includes('libs/devnet'), 'the devnet package (signers, load generator, fault player) is not')
  })

  it("removes what npm keeps of the development tools: the lock's devOptional packages (an optional peer of a production package, e.g. typescript)", () => {
    // `npm ci --omit=dev` keeps a devOptional package (it drops those only with --omit=optional too, which would drop
    // the native addons' prebuilt binaries), so the Dockerfile removes each by name right after the install.
    const kept = Object.keys(lock)
      .filter((path) => lock[path]?.devOptional)
      .sort()
    assert.ok(kept.includes('node_modules/typescript'), 'typescript is an optional peer of viem and @solana/kit')
    const removal = /npm ci --omit=dev[^\n]*\\\n && rm -rf ([^\n]+)\n/.exec(
      readFileSync(join(root, 'Dockerfile'), 'utf8'),
    )
    assert.ok(removal, 'the Dockerfile removes them after its npm ci')
    assert.deepEqual(removal[1]?.trim().split(/\s+/).sort(), kept)
  })

  it('loads one copy of each @solana package: kit and web3.js share @solana/errors and the codecs', () => {
    const versions = new Map<string, Set<string>>()
    for (const [path, name] of tree) {
      if (!name.startsWith('@solana/')) continue
      versions.set(name, (versions.get(name) ?? new Set()).add(lock[path]?.version ?? path))
    }
    assert.ok(versions.has('@solana/errors'), 'the services load @solana/errors')
    assert.deepEqual(
      [...versions].filter(([, v]) => v.size > 1).map(([name, v]) => `${name}: ${[...v].join(', ')}`),
      [],
    )
  })

  it("declares, in each of its packages' dependencies, every package its production source imports", () => {
    const missing: string[] = []
    for (const workspace of workspaces) {
      // reason: a workspace's package.json
      const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as {
        name: string
        dependencies?: Record<string, string>
      }
      const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})])
      const files = ['src', 'bin'].flatMap((dir) =>
        existsSync(join(root, workspace, dir)) ? sourceFiles(join(root, workspace, dir)) : [],
      )
      for (const file of files) {
        const inRepo = relative(root, file)
        if (DEV_PATH.test(inRepo)) continue
        const text = readFileSync(file, 'utf8')
        for (const match of text.matchAll(
          /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^'.][^']*)'|import\('([^'.][^']*)'\)/gm,
        )) {
          const spec = match[1] ?? match[2] ?? ''
          if (spec.startsWith('node:') || builtins.has(spec) || declared.has(packageOf(spec))) continue
          if (!DEV_CHECKOUT_IMPORTS.has(`${inRepo} ${spec}`)) missing.push(`${inRepo}: ${spec}`)
        }
        for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'";]*?\sfrom\s+'(\.[^']+)'/gm)) {
          const target = relative(root, join(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')))
          if (DEV_PATH.test(target)) missing.push(`${inRepo}: loads development code ${target}`)
        }
      }
    }
    assert.deepEqual(missing, [])
  })
})
