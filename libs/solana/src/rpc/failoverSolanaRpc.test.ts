import assert from 'node:assert/strict'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { failoverSolanaRpc } from './failoverSolanaRpc.js'
import { httpSolanaRpc } from './fetchOutboxSlot.js'

/** A local JSON-RPC endpoint: `answer` decides per request (a slot, or a failure as providers fail). */
async function endpoint(
  answer: (res: ServerResponse, id: unknown) => void,
): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      hits++
      answer(res, (JSON.parse(body) as { id: unknown }).id) // reason: one JSON-RPC request per POST
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // reason: TCP server
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits }
}

const json = (res: ServerResponse, body: object) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))

describe('failoverSolanaRpc', () => {
  const servers: Server[] = []
  let healthy: Awaited<ReturnType<typeof endpoint>>
  before(async () => {
    healthy = await endpoint((res, id) => json(res, { jsonrpc: '2.0', id, result: 4242 }))
    servers.push(healthy.server)
  })
  after(() => {
    for (const s of servers) {
      s.closeAllConnections()
      s.close()
    }
  })
  const broken = async (answer: (res: ServerResponse, id: unknown) => void) => {
    const e = await endpoint(answer)
    servers.push(e.server)
    return e
  }

  for (const [failure, answer] of [
    ['resets the connection', (res: ServerResponse) => res.socket?.destroy()],
    ['answers 503', (res: ServerResponse) => res.writeHead(503).end('unavailable')],
    ['rate-limits (429)', (res: ServerResponse) => res.writeHead(429, { 'retry-after': '1' }).end('slow down')],
    [
      'says the node is unhealthy (-32005)',
      (res: ServerResponse, id: unknown) =>
        json(res, { jsonrpc: '2.0', id, error: { code: -32005, message: 'Node is behind by 150 slots' } }),
    ],
    ['stalls past the timeout', () => undefined],
  ] as const) {
    it(`a primary that ${failure} fails over to the next URL`, async () => {
      const primary = await broken(answer)
      const before = healthy.hits()
      const request = failoverSolanaRpc([
        httpSolanaRpc(primary.url, fetch, { timeoutMs: 500 }),
        httpSolanaRpc(healthy.url),
      ])
      assert.equal(await request('getSlot', [{ commitment: 'finalized' }]), 4242)
      assert.ok(primary.hits() >= 1 && healthy.hits() === before + 1, 'the primary was tried, the fallback answered')
    })
  }

  it('an error that is the answer (a skipped slot) is returned at once, not asked elsewhere', async () => {
    const skipped = await broken((res, id) =>
      json(res, { jsonrpc: '2.0', id, error: { code: -32007, message: 'Slot 9 was skipped' } }),
    )
    const before = healthy.hits()
    const request = failoverSolanaRpc([httpSolanaRpc(skipped.url), httpSolanaRpc(healthy.url)])
    await assert.rejects(request('getBlock', [9]), (e: Error & { code?: unknown }) => e.code === -32007)
    assert.equal(healthy.hits(), before)
  })

  it('with every endpoint down, the last failure is thrown', async () => {
    const a = await broken((res) => res.writeHead(503).end())
    const b = await broken((res) => res.writeHead(502).end())
    const request = failoverSolanaRpc([httpSolanaRpc(a.url), httpSolanaRpc(b.url)])
    await assert.rejects(request('getSlot', []), (e: Error & { code?: unknown }) => e.code === 502)
  })
})
