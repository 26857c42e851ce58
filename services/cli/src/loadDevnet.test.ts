import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadDevnet } from './loadDevnet.js'

/** The error node throws for an import of a package that is not installed. */
function notFound(specifier: string): Error {
  return Object.assign(
    new Error(`Cannot find package '${specifier}' imported from /app/services/cli/dist/loadDevnet.js`),
    { code: 'ERR_MODULE_NOT_FOUND' },
  )
}

describe('loadDevnet (relaymesh devnet)', () => {
  it('loads the devnet of a development install', async () => {
    assert.equal(typeof (await loadDevnet()), 'function')
  })

  it('is undefined where a development package is missing (a production install)', async () => {
    // The image links every workspace but holds no devnet code: node names the missing file inside the package.
    const devnetFile = '/app/node_modules/@relaymesh/service-devnet/dist/main.js'
    for (const missing of [
      '@relaymesh/service-devnet',
      devnetFile,
      '@relaymesh/localchain',
      '@foundry-rs/anvil-linux-amd64',
      'litesvm',
    ]) {
      assert.equal(await loadDevnet(() => Promise.reject(notFound(missing))), undefined, missing)
    }
  })

  it('throws any other failure: a missing production package, an error in the devnet itself', async () => {
    await assert.rejects(
      loadDevnet(() => Promise.reject(notFound('viem'))),
      /viem/,
    )
    const fromDevnet = Object.assign(
      new Error("Cannot find package 'pg' imported from /app/services/devnet/dist/main.js"),
      { code: 'ERR_MODULE_NOT_FOUND' },
    )
    await assert.rejects(
      loadDevnet(() => Promise.reject(fromDevnet)),
      /'pg'/,
    )
    await assert.rejects(
      loadDevnet(() => Promise.reject(new TypeError('boom'))),
      /boom/,
    )
  })
})
