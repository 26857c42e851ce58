import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const src = dirname(dirname(fileURLToPath(import.meta.url)))

/** The relayer's own modules `entry` loads through static imports (type-only imports load nothing). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\s)[^'";]*?from\s+'(\.[^']+)'/gms)) {
      const target = match[1] ?? ''
      visit(join(dirname(file), target.replace(/\.js$/, '.ts')))
    }
  }
  visit(join(src, entry))
  return new Set([...seen].map((f) => relative(src, f)))
}

describe('the service entry (@relaymesh/relayer/service)', () => {
  it("loads no service's code before it runs that service, and no devnet", () => {
    const loaded = [...staticGraph('service/index.ts')]
    // Config schemas (solana/solanaChainSchema.ts) are part of reading the config, which every service does.
    const offending = loaded.filter(
      (f) =>
        (/^(watcher|solana|verifier|batcher|settler|follower|attester|devnet|mesh)\//.test(f) &&
          !f.endsWith('Schema.ts')) ||
        f === 'api/startApi.ts',
    )
    assert.deepEqual(offending, [], 'imported when it starts (startServices.ts), not statically')
    assert.ok(loaded.includes('service/startServices.ts') && loaded.includes('context/createRelayerContext.ts'))
  })
})
