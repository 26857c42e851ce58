import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { compileContracts, generateModules, generatedDir } from './compile.js'

test('committed generated contract modules match a fresh compile (run `npm run build:contracts`)', () => {
  const modules = generateModules(compileContracts())
  assert.ok(modules.size > 0)
  for (const [file, text] of modules) {
    assert.equal(readFileSync(join(generatedDir, file), 'utf8'), text, `${file} is stale`)
  }
})
