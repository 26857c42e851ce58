// @relaymesh/sdk as a dApp developer gets it: packed with the workspace packages it depends on
// (scripts/packPackages.mjs, as they would be published), installed with npm into a folder outside the repository
// from the local npm cache, then a small TypeScript consumer (libs/sdk/test/consumer) is typechecked by tsc against
// the installed declarations and run with Node. It fails if the declarations, the package exports or a packed
// manifest's dependencies break. It needs npm and its cache (`npm ci` fills it; a cache miss goes to the registry).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { UNPROVEN_RECEIPT_FIELDS } from './receipt/SettlementReceipt.js'
import { buildTestReceipt, trusted } from './testing/buildTestReceipt.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const consumerFixture = fileURLToPath(new URL('../test/consumer/', import.meta.url))
// The child npm must not take the settings `npm test` passes down to its scripts (npm_config_*: workspace, prefix).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')))

/**
 * Runs a command to its end (a generous bound for a hang only), resolving with its output; throws on a non-zero exit.
 */
function run(file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, timeout: 5 * 60_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${file} ${args.join(' ')} (in ${cwd}) failed: ${stderr}\n${stdout}`, { cause: error }))
        : resolve(stdout),
    )
  })
}

const installedVersion = (name: string) =>
  // reason: a package.json
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

describe('@relaymesh/sdk installed from its packed tarballs into a project outside the repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-sdk-consumer-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('installs, typechecks against the shipped declarations, runs', async () => {
    assert.ok(relative(root, dir).startsWith('..'), `${dir} is outside ${root}`)
    const tarballs = JSON.parse(
      (await run(process.execPath, [join(root, 'scripts', 'packPackages.mjs'), '--out', join(dir, 'tarballs')], root))
        .trim()
        .split('\n')
        .at(-1) ?? '[]',
    ) as string[] // reason: the script's last line
    assert.deepEqual(tarballs.map((t) => t.slice(t.lastIndexOf('/') + 1)).sort(), [
      'relaymesh-errors-0.1.0.tgz',
      'relaymesh-evm-contracts-0.1.0.tgz',
      'relaymesh-protocol-0.1.0.tgz',
      'relaymesh-sdk-0.1.0.tgz',
    ])

    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'relaymesh-sdk-consumer', private: true, type: 'module' }),
    )
    cpSync(consumerFixture, dir, { recursive: true })
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify({ receipt: await buildTestReceipt(), trusted }))
    // The @types/node this repository installed, so the npm cache has it.
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...tarballs,
        `@types/node@${installedVersion('@types/node')}`,
      ],
      dir,
    )
    const sdk = join(dir, 'node_modules', '@relaymesh', 'sdk')
    assert.equal(lstatSync(sdk).isSymbolicLink(), false, 'a copy from the tarball, not a link into the workspace')
    assert.deepEqual(
      // reason: a package.json
      (JSON.parse(readFileSync(join(sdk, 'package.json'), 'utf8')) as { exports: unknown }).exports,
      {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './api': { types: './dist/api.d.ts', default: './dist/api.js' },
      },
    )

    // The repository's tsc (the consumer's own would be the same program): resolution starts from the consumer's
    // folder.
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'lib', 'tsc.js'), '-p', dir], dir)
    const out = JSON.parse(
      (await run(process.execPath, [join(dir, 'out', 'consumer.js'), join(dir, 'receipt.json')], dir)).trim(),
    ) as Record<string, unknown> // reason: the consumer's one JSON line
    // reason: written above
    const receipt = (JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')) as { receipt: { id: string } }).receipt
    assert.deepEqual(out, {
      valid: true,
      rejected: { code: 'RECEIPT_BAD_PROOF', action: 'reject', isBaseError: true },
      reencodedId: receipt.id,
      nonce: '7',
      unproven: UNPROVEN_RECEIPT_FIELDS.length,
    })
  })
})
