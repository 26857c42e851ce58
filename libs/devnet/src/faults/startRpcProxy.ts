import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { keepIdleConnections } from '@relaymesh/relayer/internal'
import { createChainForger, type ChainForger, type ForgedBlock } from './createChainForger.js'

/** How the proxy answers: pass through, or one of the ways a provider fails. */
export const RPC_PROXY_MODES = ['pass', 'stall', 'drop', 'errors', 'rate-limit', 'lie', 'forge-chain'] as const
export type RpcProxyMode = (typeof RPC_PROXY_MODES)[number]

export type RpcProxy = {
  url: string
  /**
   * Requests answered per mode since start, for `lie` and `forge-chain` the answers forged (a fault that saw no
   * request did not test anything).
   */
  counts: Record<RpcProxyMode, number>
  /** The blocks `forge-chain` served forged since it was last set, in chain order. */
  forgedBlocks(): ForgedBlock[]
  setMode(mode: RpcProxyMode): void
  stop(): Promise<void>
}

/**
 * A JSON-RPC HTTP endpoint in front of a node (anvil, the Parlia node, the
 * Solana RPC) that the fault run can make fail as providers do: `stall`
 * holds requests unanswered until the mode returns to `pass` (then forwards
 * them late), `drop` resets the connection, `errors` answers HTTP 503,
 * `rate-limit` answers HTTP 429 with `Retry-After: 1`, `lie` forges a log in
 * the receipts it serves (they no longer hash to the header's receiptsRoot), `forge-chain` serves a fork of its own
 * whose blocks all hash and link consistently, each Dispatch block with a forged message (`createChainForger`): only
 * the light client's finalized chain tells it from the node's.
 *
 * @example
 * const proxy = await startRpcProxy({ target: chain.rpcUrl })
 * proxy.setMode('drop') // every request now fails with a reset
 */
export async function startRpcProxy(p: { target: string }): Promise<RpcProxy> {
  let mode: RpcProxyMode = 'pass'
  // reason: one entry per mode
  const counts = Object.fromEntries(RPC_PROXY_MODES.map((m) => [m, 0])) as Record<RpcProxyMode, number>
  const stalled = new Set<() => void>()
  const liar = createLiar(p.target, counts)
  const forward = async (body: Buffer, req: IncomingMessage, res: ServerResponse, as: RpcProxyMode = 'pass') => {
    try {
      const upstream = await fetch(p.target, {
        method: req.method ?? 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' ? undefined : body,
      })
      const answer = await liar.rewrite(body, Buffer.from(await upstream.arrayBuffer()), as)
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      res.end(answer)
    } catch {
      res.destroy() // the node behind is gone: the client sees what it would see without the proxy
    }
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (mode !== 'lie' && mode !== 'forge-chain') counts[mode]++
      if (mode === 'pass' || mode === 'lie' || mode === 'forge-chain') return void forward(body, req, res, mode)
      if (mode === 'drop') return void req.socket.destroy()
      if (mode === 'errors')
        return void res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream unavailable')
      if (mode === 'rate-limit')
        return void res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' }).end('rate limited')
      const release = () => {
        stalled.delete(release)
        void forward(body, req, res)
      }
      stalled.add(release)
      res.on('close', () => stalled.delete(release))
    })
  })
  keepIdleConnections(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo // reason: listening on TCP
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    forgedBlocks: liar.forgedBlocks,
    setMode: (next) => {
      if (next === 'forge-chain' && mode !== 'forge-chain') liar.startFork()
      mode = next
      if (next !== 'stall') for (const release of [...stalled]) release()
    },
    stop: () =>
      new Promise((resolve) => {
        for (const release of [...stalled]) release()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The lying modes' rewriting of the node's answers, and the fork `forge-chain` serves. */
function createLiar(target: string, counts: Record<RpcProxyMode, number>) {
  let forger: ChainForger | undefined
  let rpcId = 0
  const upstream = async (method: string, params: unknown[]): Promise<unknown> => {
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    })
    const body = (await answer.json()) as { result?: unknown; error?: unknown } // reason: a JSON-RPC answer
    if (body.error !== undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`)
    return body.result
  }
  return {
    rewrite: async (request: Buffer, answer: Buffer, as: RpcProxyMode): Promise<Buffer> => {
      if (as === 'lie') return forgeReceipts(request, answer, () => counts.lie++)
      if (as !== 'forge-chain' || !forger) return answer
      const forged = await forger.answer(request, answer)
      if (forged.forged) counts['forge-chain']++
      return forged.body
    },
    /** A fresh fork each time the mode is set: it starts at the first block asked about from then on. */
    startFork: () => {
      forger = createChainForger({ upstream })
    },
    forgedBlocks: (): ForgedBlock[] => forger?.forged() ?? [],
  }
}

/**
 * The `lie` mode: an `eth_getBlockReceipts` answer holding logs with an indexed topic comes back with the first
 * such log's topic changed (for an Outbox `Dispatch` log, the message id): a forged receipt, as a lying node would
 * serve. Every other answer passes unchanged.
 */
function forgeReceipts(request: Buffer, answer: Buffer, forged: () => void): Buffer {
  let method: unknown
  try {
    method = (JSON.parse(request.toString('utf8')) as { method?: unknown }).method // reason: a JSON-RPC request body
  } catch {
    return answer
  }
  if (method !== 'eth_getBlockReceipts') return answer
  // reason: eth_getBlockReceipts' answer
  const body = JSON.parse(answer.toString('utf8')) as { result?: Array<{ logs: Array<{ topics: string[] }> }> | null }
  const log = body.result?.flatMap((r) => r.logs).find((l) => l.topics.length > 1)
  if (!log) return answer
  const topic = log.topics[1] as string // reason: length checked
  log.topics[1] = `${topic.slice(0, -1)}${topic.endsWith('0') ? '1' : '0'}`
  forged()
  return Buffer.from(JSON.stringify(body))
}
