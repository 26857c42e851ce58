// The README's dApp example is examples/transfer.ts verbatim (its code after the header comment), so the code a
// newcomer copies is the code test/examples.e2e.test.ts runs against the mesh.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('README dApp example', () => {
  it('is examples/transfer.ts, verbatim', () => {
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('## A dApp in a few lines'))
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
    const example = read('examples/transfer.ts')
    assert.ok(block, 'the section has a ts code block')
    assert.equal(block, example.slice(example.indexOf('import ')))
  })
})
