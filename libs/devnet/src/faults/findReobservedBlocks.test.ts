import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { findReobservedBlocks, REOBSERVED_LOG_MESSAGE } from './findReobservedBlocks.js'

describe('findReobservedBlocks', () => {
  it("reads the blocks read again from each relayer's JSON log lines, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), 'reobserved-'))
    const r1 = join(dir, 'watcher.log')
    writeFileSync(
      r1,
      [
        JSON.stringify({ level: 'info', msg: 'relaymesh service started' }),
        JSON.stringify({
          level: 'error',
          origin: 31356,
          block: '120',
          hash: '0xab',
          missing: 7,
          from: 'r2',
          msg: `${REOBSERVED_LOG_MESSAGE}: read it again for a hint and published it for verification`,
        }),
        `Error: ${REOBSERVED_LOG_MESSAGE} (a stack trace line)`,
        '',
      ].join('\n'),
    )
    const found = findReobservedBlocks([
      { relayer: 'r1', logFile: r1 },
      { relayer: 'r2', logFile: join(dir, 'absent.log') },
      { relayer: 'r3', logFile: undefined },
    ])
    assert.deepEqual(found, [{ relayer: 'r1', origin: 31356, block: '120', hash: '0xab', missing: 7, from: 'r2' }])
  })
})
