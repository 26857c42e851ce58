import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const relayerDir = join(root, 'libs', 'relayer')
// reason: a package.json whose `exports` map each subpath to its conditions
const relayerExports = (
  JSON.parse(readFileSync(join(relayerDir, 'package.json'), 'utf8')) as {
    exports: Record<string, { default: string }>
  }
).exports

/** The source file a static import names: a relative module, or an entry of `@relaymesh/relayer`. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return join(dirname(from), specifier.replace(/\.js$/, '.ts'))
  if (specifier !== '@relaymesh/relayer' && !specifier.startsWith('@relaymesh/relayer/')) return undefined
  const entry = relayerExports[`.${specifier.slice('@relaymesh/relayer'.length)}`]
  assert.ok(entry, `${specifier} is an entry of @relaymesh/relayer`)
  return join(relayerDir, entry.default)
}

/**
 * The workspace modules (this package's and the relayer's) `entry` loads through static imports; type-only imports
 * and dynamic `import()` load nothing at start.
 */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\s)[^'";]*?from\s+'([^']+)'/gms)) {
      const target = resolveImport(file, match[1] ?? '')
      if (target) visit(target)
    }
  }
  visit(entry)
  return new Set([...seen].map((f) => relative(root, f)))
}

describe('the service entry (@relaymesh/service-runtime)', () => {
  it("loads no stage's code before it runs that stage, and no devnet", () => {
    const loaded = [...staticGraph(fileURLToPath(new URL('./index.ts', import.meta.url)))]
    // Config schemas (solana/solanaChainSchema.ts) are part of reading the config, which every service does.
    const offending = loaded.filter(
      (f) =>
        (/^libs\/relayer\/src\/(watcher|solana|verifier|batcher|settler|follower|attester)\//.test(f) &&
          !f.endsWith('Schema.ts')) ||
        f === 'libs/relayer/src/api/startApi.ts' ||
        f === 'libs/relayer/src/index.ts' ||
        f.startsWith('libs/devnet/'),
    )
    assert.deepEqual(offending, [], 'imported when it starts (startServices.ts), not statically')
    for (const expected of [
      'services/runtime/src/startServices.ts',
      'libs/relayer/src/context/createRelayerContext.ts',
    ])
      assert.ok(loaded.includes(expected), `${expected} is reached`)
  })
})
