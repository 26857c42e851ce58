import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { padGasEstimates } from './padGasEstimates.js'

/** A node that answers every request of a (batch) body with `result`. */
const node =
  (result: unknown): typeof fetch =>
  async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { id: number } | { id: number }[]
    const answer = (r: { id: number }) => ({ jsonrpc: '2.0', id: r.id, result })
    return new Response(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)), {
      headers: { 'content-type': 'application/json' },
    })
  }
const post = (fetchFn: typeof fetch, body: unknown) =>
  fetchFn('http://127.0.0.1:1', { method: 'POST', body: JSON.stringify(body) }).then(
    (r) => r.json() as Promise<unknown>,
  )

describe('padGasEstimates', () => {
  it('adds the headroom to eth_estimateGas answers only', async () => {
    const fetchFn = padGasEstimates({ fetchFn: node('0x186a0'), percent: 25 })
    assert.deepEqual(await post(fetchFn, { jsonrpc: '2.0', id: 1, method: 'eth_estimateGas', params: [] }), {
      jsonrpc: '2.0',
      id: 1,
      result: '0x1e848',
    })
    assert.deepEqual(await post(fetchFn, { jsonrpc: '2.0', id: 2, method: 'eth_gasPrice', params: [] }), {
      jsonrpc: '2.0',
      id: 2,
      result: '0x186a0',
    })
  })

  it('pads the gas of an eth_fillTransaction answer (what viem asks first)', async () => {
    const fetchFn = padGasEstimates({ fetchFn: node({ raw: '0x02', tx: { gas: '0x64', nonce: '0x1' } }) })
    assert.deepEqual(await post(fetchFn, { jsonrpc: '2.0', id: 3, method: 'eth_fillTransaction', params: [{}] }), {
      jsonrpc: '2.0',
      id: 3,
      result: { raw: '0x02', tx: { gas: '0x7d', nonce: '0x1' } },
    })
  })

  it('pads the estimates of a batch by id and leaves the rest and errors alone', async () => {
    const fetchFn = padGasEstimates({ fetchFn: node('0x64') })
    const batch = [
      { jsonrpc: '2.0', id: 7, method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: 8, method: 'eth_estimateGas', params: [] },
    ]
    assert.deepEqual(await post(fetchFn, batch), [
      { jsonrpc: '2.0', id: 7, result: '0x64' },
      { jsonrpc: '2.0', id: 8, result: '0x7d' },
    ])
    const failing = padGasEstimates({
      fetchFn: async () =>
        new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: 3, message: 'execution reverted' } })),
    })
    assert.deepEqual(await post(failing, { jsonrpc: '2.0', id: 1, method: 'eth_estimateGas' }), {
      jsonrpc: '2.0',
      id: 1,
      error: { code: 3, message: 'execution reverted' },
    })
  })
})
