import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pad, type Hex } from 'viem'
import { createEndpointRotation, type RotationRpc } from '../endpoints/createEndpointRotation.js'
import { rereadRefusedHeader } from './rereadRefusedHeader.js'

const resealed = pad('0x0a')
const canonical = pad('0x0b')

/** Endpoints each naming `hashes[i]` at every height (undefined: down), in a rotation; and the lines logged. */
function setUp(hashes: Array<Hex | undefined>) {
  const endpoints: RotationRpc[] = hashes.map((hash) => ({
    request: async () => {
      if (hash === undefined) throw new Error('endpoint down')
      return { hash, number: '0x28' }
    },
  }))
  const urls = hashes.map((_, i) => `http://rpc${i}.example/key${i}`)
  const rotation = createEndpointRotation({ endpoints, urls }, { now: () => 0 })
  const lines: Array<{ fields: Record<string, unknown>; msg: string }> = []
  const log = (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg })
  const logger = { info: log, warn: log, error: log, debug: log } as never // reason: the re-read only logs lines
  return { rotation, lines, logger }
}

const refused = { number: 40n, hash: resealed, reasonCode: 'PARLIA_UNKNOWN_SIGNER' }

test('the endpoint still serving a re-sealed header is demoted and named redacted; the height is fed again', async () => {
  const s = setUp([resealed, canonical, canonical])
  assert.deepEqual(await rereadRefusedHeader(s, refused), { liars: [0], refeed: true })
  assert.deepEqual(s.rotation.ranked(), [1, 2, 0], 'the liar is read last')
  const blamed = s.lines.find((l) => l.fields.endpoint === 'http://rpc0.example/[redacted]')
  assert.ok(blamed, 'the liar named, its key redacted')
  assert.ok(!JSON.stringify(s.lines).includes('key0'))
})

test('every endpoint serves the refused header: nobody demoted, nothing fed again', async () => {
  const s = setUp([resealed, resealed])
  assert.deepEqual(await rereadRefusedHeader(s, refused), { liars: [], refeed: false })
  assert.deepEqual(s.rotation.ranked(), [0, 1])
})

test('an endpoint down is not blamed', async () => {
  const s = setUp([undefined, canonical])
  assert.deepEqual(await rereadRefusedHeader(s, refused), { liars: [], refeed: true })
  assert.deepEqual(s.rotation.ranked(), [0, 1])
})
