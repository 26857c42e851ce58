/**
 * Runs the forge property tests (forge/*.t.sol: fuzzed governance and token properties, and the
 * settlement inbox's invariants) and fails on forge's exit code. Offline: forge/solc.mjs stands
 * in for native solc (foundry.toml). The platform binary is called directly because the npm
 * launcher always exits 0. Run counts live in foundry.toml, with a fixed seed.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const forge = join(
  dirname(createRequire(import.meta.url).resolve('@foundry-rs/forge-linux-amd64/package.json')),
  'bin',
  'forge',
)

function runForge(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(forge, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

test(
  'forge property tests pass (governance, token safeguards, settlement invariants)',
  { skip: process.platform !== 'linux' || process.arch !== 'x64' ? 'forge binary is linux-amd64 here' : false },
  async () => {
    const { code, output } = await runForge(['test'])
    const results = output.split('\n').filter((line) => /^\[(PASS|FAIL)/.test(line))
    console.log(results.join('\n'))
    assert.equal(code, 0, `forge test exited ${code}:\n${output}`)
    assert.ok(results.length >= 13 && results.every((line) => line.startsWith('[PASS]')), output)
  },
)
