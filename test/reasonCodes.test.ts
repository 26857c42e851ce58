import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { REASON_CODES, isReasonCode, toReasonCode } from '@relaymesh/errors'
import { REASON_CODE_TABLE_FILE, withReasonCodeTable } from '../scripts/reasonCodeTable.js'

const root = fileURLToPath(new URL('..', import.meta.url))

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return []
    const path = join(dir, entry.name)
    return entry.isDirectory() ? testFiles(path) : entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('the reason-code registry', () => {
  it('is the table of the operator guide (run `npm run docs:reason-codes` after changing it)', () => {
    const document = readFileSync(REASON_CODE_TABLE_FILE, 'utf8')
    assert.equal(document, withReasonCodeTable(document))
    for (const code of Object.keys(REASON_CODES)) assert.ok(document.includes(`| \`${code}\` |`), code)
  })

  it('narrows codes read from outside the process', () => {
    assert.equal(isReasonCode('BATCH_SUPERSEDED'), true)
    assert.equal(isReasonCode('toString'), false)
    assert.equal(toReasonCode('TX_NONCE_CONFLICT'), 'TX_NONCE_CONFLICT')
    assert.equal(toReasonCode('MADE_UP'), 'UNCLASSIFIED_ERROR')
  })

  it('has a test that names each code (a new code needs its test)', () => {
    const tests = ['libs', 'services', 'contracts', 'test']
      .flatMap((d) => testFiles(join(root, d)))
      .filter((f) => !f.endsWith('reasonCodes.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    const named = (code: string) => new RegExp(`['"\`]${code}['"\`]`).test(tests)
    const untested = Object.keys(REASON_CODES).filter((code) => !named(code))
    assert.deepEqual(untested, [], 'these codes need a test that feeds the bad input and asserts the code')
  })
})
