import { test } from 'node:test'
import assert from 'node:assert/strict'
import wabt from 'wabt'
import { keccakWat } from '../scripts/keccakWat.js'
import { KECCAK_WASM_BASE64 } from './keccakWasmBase64.js'

test('the committed kernel is what scripts/keccakWat.ts assembles to (run `npm run build:wasm -w @relaymesh/protocol`)', async () => {
  const toolkit = await wabt()
  const module = toolkit.parseWat('keccak.wat', keccakWat({ unrolled: false }), { bulk_memory: true })
  const { buffer } = module.toBinary({ canonicalize_lebs: true })
  module.destroy()
  assert.equal(Buffer.from(buffer).toString('base64'), KECCAK_WASM_BASE64)
})
