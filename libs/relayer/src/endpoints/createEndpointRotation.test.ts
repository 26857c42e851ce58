import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEndpointRotation, type RotationRpc } from './createEndpointRotation.js'

/** An endpoint that answers its own name, or fails while `down`, and counts what it was asked. */
function endpoint(name: string) {
  const state = { down: false, asked: 0 }
  const rpc: RotationRpc = {
    request: async () => {
      state.asked++
      if (state.down) throw new Error(`${name} is down`)
      return name
    },
  }
  return { rpc, state }
}

test('reads the first endpoint by rank, fails over in order, and avoids a demoted one until it is released', async () => {
  const [a, b, c] = [endpoint('a'), endpoint('b'), endpoint('c')]
  let now = 0
  const rotation = createEndpointRotation(
    {
      endpoints: [a.rpc, b.rpc, c.rpc],
      urls: ['http://a', 'http://b', 'http://c'],
      options: { demoteMs: 1_000, maxDemoteMs: 10_000 },
    },
    { now: () => now },
  )
  assert.equal(await rotation.rpc.request({ method: 'eth_blockNumber' }), 'a')
  a.state.down = true
  assert.equal(await rotation.rpc.request({ method: 'eth_blockNumber' }), 'b', 'a failure fails over to the next')
  a.state.down = false
  rotation.demote(0)
  assert.deepEqual(rotation.ranked(), [1, 2, 0])
  const askedBefore = a.state.asked
  assert.equal(await rotation.rpc.request({ method: 'eth_blockNumber' }), 'b')
  assert.equal(a.state.asked, askedBefore, 'the demoted endpoint is not asked while another answers')
  assert.deepEqual(rotation.ranked(new Set([1])), [2, 0])
  now = 1_000
  assert.equal(await rotation.rpc.request({ method: 'eth_blockNumber' }), 'a', 'released: first again')
})

test('throws the last failure when no endpoint answers', async () => {
  const [a, b] = [endpoint('a'), endpoint('b')]
  a.state.down = true
  b.state.down = true
  const rotation = createEndpointRotation(
    { endpoints: [a.rpc, b.rpc], urls: ['http://a', 'http://b'] },
    { now: () => 0 },
  )
  await assert.rejects(rotation.rpc.request({ method: 'eth_blockNumber' }), /b is down/)
})

test('names an endpoint without the credentials, path or query a provider URL carries', () => {
  const rotation = createEndpointRotation(
    { endpoints: [endpoint('a').rpc], urls: ['https://user:pw@eth.example:8545/v2/SECRET?key=SECRET'] },
    { now: () => 0 },
  )
  const named = rotation.describe(0)
  assert.ok(!named.includes('SECRET') && !named.includes('pw'), named)
  assert.ok(named.includes('eth.example:8545'), 'the host stays, so an operator sees which endpoint it was')
})
