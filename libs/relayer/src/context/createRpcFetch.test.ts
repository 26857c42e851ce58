import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createPublicClient, http, TimeoutError } from 'viem'
import { createRpcFetch } from './createRpcFetch.js'

/**
 * A JSON-RPC server: eth_blockNumber answers 0x2a, `slow` never answers, anything else is a 500 with a JSON-RPC error.
 */
function startRpc(): Promise<{
  url: string
  server: Server
  requests: { method: string; contentType: string | undefined }[]
}> {
  const requests: { method: string; contentType: string | undefined }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string }
      requests.push({ method, contentType: req.headers['content-type'] })
      if (method === 'slow') return
      res.setHeader('content-type', 'application/json')
      if (method === 'eth_blockNumber') return res.end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x2a' }))
      res.statusCode = 500
      res.end(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: 'no such method' } }))
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      // reason: a TCP listener
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests })
    }),
  )
}

describe('createRpcFetch', () => {
  let rpc: Awaited<ReturnType<typeof startRpc>>
  before(async () => (rpc = await startRpc()))
  after(() => {
    rpc.server.closeAllConnections()
    rpc.server.close()
  })

  it('carries viem requests and responses: results, JSON-RPC errors, headers', async () => {
    const client = createPublicClient({
      // reason: viem reads only what RpcResponse has
      transport: http(rpc.url, { fetchFn: createRpcFetch() as typeof fetch, retryCount: 0 }),
    })
    assert.equal(await client.getBlockNumber({ cacheTime: 0 }), 42n)
    assert.equal(rpc.requests.at(-1)?.contentType, 'application/json')
    await assert.rejects(client.request({ method: 'eth_nope' as never }), /no such method/)
  })

  it("aborts a request that outlives viem's timeout", async () => {
    const client = createPublicClient({
      // reason: as above
      transport: http(rpc.url, { fetchFn: createRpcFetch() as typeof fetch, retryCount: 0, timeout: 200 }),
    })
    await assert.rejects(
      client.request({ method: 'slow' as never }),
      (e: unknown) => e instanceof TimeoutError || (e as Error).name === 'TimeoutError',
    )
  })

  it('gives the status, headers and JSON body to a plain caller', async () => {
    const response = await createRpcFetch()(rpc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'x' }),
    })
    assert.equal(response.ok, false)
    assert.equal(response.status, 500)
    assert.equal(response.headers.get('Content-Type'), 'application/json')
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32601, message: 'no such method' },
    })
  })

  it('refuses a URL scheme it cannot speak', async () => {
    await assert.rejects(createRpcFetch()('ftp://example.invalid/', {}), /unsupported RPC URL scheme ftp:/)
  })
})
