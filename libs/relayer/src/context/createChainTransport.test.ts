import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createPublicClient } from 'viem'
import { createChainTransport } from './createChainTransport.js'

/** A local JSON-RPC endpoint: `answer` decides per request (a chain id, or a failure as providers fail). */
async function endpoint(
  answer: (res: import('node:http').ServerResponse, id: unknown) => void,
): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      hits++
      // reason: viem sends one JSON-RPC request per POST (batch off)
      answer(res, (JSON.parse(body) as { id: unknown }).id)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // reason: TCP server
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits }
}

describe('createChainTransport', () => {
  const servers: Server[] = []
  let healthy: Awaited<ReturnType<typeof endpoint>>
  before(async () => {
    healthy = await endpoint((res, id) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x7a69' })),
    )
    servers.push(healthy.server)
  })
  after(() => {
    for (const s of servers) {
      s.closeAllConnections()
      s.close()
    }
  })

  for (const [failure, answer] of [
    ['resets the connection', (res: import('node:http').ServerResponse) => res.socket?.destroy()],
    ['answers 503', (res: import('node:http').ServerResponse) => res.writeHead(503).end('unavailable')],
    [
      'rate-limits (429)',
      (res: import('node:http').ServerResponse) => res.writeHead(429, { 'retry-after': '1' }).end('slow down'),
    ],
  ] as const) {
    it(`a primary that ${failure} fails over to the next URL`, async () => {
      const broken = await endpoint(answer)
      servers.push(broken.server)
      const before = healthy.hits()
      const client = createPublicClient({
        transport: createChainTransport({ rpcUrl: broken.url, fallbackRpcUrls: [healthy.url], fetchFn: fetch }),
      })
      assert.equal(await client.getChainId(), 31337)
      assert.ok(broken.hits() >= 1 && healthy.hits() > before, 'the primary was tried, the fallback answered')
    })
  }

  it('with one URL, the relayer waits the outage out: the request fails', async () => {
    const broken = await endpoint((res) => res.writeHead(503).end('unavailable'))
    servers.push(broken.server)
    const client = createPublicClient({
      transport: createChainTransport({ rpcUrl: broken.url, fallbackRpcUrls: [], fetchFn: fetch }),
    })
    await assert.rejects(client.getChainId())
  })
})
