import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createKeyPairSignerFromPrivateKeyBytes } from '@solana/kit'
import { WebSocketServer, type WebSocket } from 'ws'
import { SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import type { LedgerOptions } from './LedgerTypes.js'
import { LocalLedger, svmAddress } from './LocalLedger.js'
import { handleJsonRpc, respond, stringifyRpcJson } from './jsonRpc.js'
import type { RpcContext, RpcMethods } from './rpcContext.js'
import { rpcChainMethods } from './rpcChainMethods.js'
import { rpcTransactionMethods } from './rpcTransactionMethods.js'
import { Subscriptions } from './subscriptions.js'

/**
 * Options of `startLocalSolana`. Defaults follow mainnet-beta's timing.
 *
 * @example
 * const parameters: StartLocalSolanaParameters = { slotMs: 50, finalizedLag: 8 }
 */
export type StartLocalSolanaParameters = Partial<Omit<LedgerOptions, 'now'>> & {
  /** Slot time in ms; default 400. `0` stops the clock: slots advance only by `advanceSlots`. */
  slotMs?: number
  /** Wall clock for block times; default `Date.now`. */
  now?: () => number
  host?: string
}

/**
 * A running local Solana chain.
 *
 * @example
 * await using chain = await startLocalSolana()
 * const rpc = createSolanaRpc(chain.rpcUrl)
 */
export type LocalSolana = {
  /** JSON-RPC over HTTP. */
  rpcUrl: string
  /** WebSocket subscriptions on the RPC port + 1, where web3.js v1 `Connection` looks by default. */
  wsUrl: string
  /** The same subscriptions on the RPC port itself. */
  wsUrlSamePort: string
  /** The chain state (LiteSVM, blocks, indexes), for tests. */
  ledger: LocalLedger
  /** Address that pays `requestAirdrop`. */
  faucet: string
  /** The current (processed) slot. */
  slot(): number
  /** Advances the clock by `n` slots at once (tests; works with the clock running or stopped). */
  advanceSlots(n: number): void
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

const FAUCET_SEED = new Uint8Array(32).fill(0x46) // development key: the faucet holds only local lamports
const FAUCET_LAMPORTS = 500_000_000n * 1_000_000_000n

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port) // reason: a TCP listener's address is an AddressInfo
    })
  })
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

/** Binds the RPC port (free) and port+1 for WebSockets, retrying when +1 is taken. */
async function bindPorts(rpc: Server, ws: Server, host: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await listen(rpc, 0, host)
    try {
      await listen(ws, port + 1, host)
      return port
    } catch (error) {
      await close(rpc)
      if (attempt >= 20) throw error
    }
  }
}

function serveHttp(ctx: RpcContext, methods: RpcMethods) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(req.method === 'GET' && req.url === '/health' ? 200 : 405).end('ok')
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handleJsonRpc(ctx, methods, Buffer.concat(chunks).toString('utf8')).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body)
      })
    })
  }
}

function serveSocket(subscriptions: Subscriptions) {
  return (socket: WebSocket) => {
    socket.on('close', () => subscriptions.closeSocket(socket))
    socket.on('message', (raw) => {
      let request: { id?: unknown; method?: unknown; params?: unknown }
      try {
        request = JSON.parse(String(raw)) as typeof request // reason: fields are checked below
      } catch {
        socket.send(stringifyRpcJson({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }))
        return
      }
      let after: (() => void) | undefined
      const params = Array.isArray(request.params) ? request.params : []
      const response = respond(request.id, () => {
        const out = subscriptions.handle(socket, String(request.method), params)
        after = out.after
        return out.result
      })
      socket.send(stringifyRpcJson(response))
      after?.()
    })
  }
}

/** The ledger with the faucet account funded, and the faucet's signer. */
async function fundedLedger(parameters: StartLocalSolanaParameters) {
  const ledger = new LocalLedger({
    confirmedLag: parameters.confirmedLag ?? 1,
    finalizedLag: parameters.finalizedLag ?? 32,
    blockhashValidSlots: parameters.blockhashValidSlots ?? 150,
    slotsPerEpoch: parameters.slotsPerEpoch ?? 432_000,
    now: parameters.now ?? Date.now,
  })
  const faucet = await createKeyPairSignerFromPrivateKeyBytes(FAUCET_SEED)
  ledger.svm.setAccount({
    address: svmAddress(faucet.address),
    lamports: FAUCET_LAMPORTS,
    data: new Uint8Array(0),
    programAddress: svmAddress(SYSTEM_PROGRAM_ADDRESS),
    executable: false,
    space: 0n,
  } as never) // reason: kit's EncodedAccount brands lamports and addresses
  return { ledger, faucet }
}

/** Drops every client (sockets and kept-alive HTTP connections) and closes both servers. */
async function closeServers(rpcServer: Server, wsServer: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate()
  rpcServer.closeAllConnections()
  wsServer.closeAllConnections()
  await Promise.all([close(rpcServer), close(wsServer), new Promise<void>((resolve) => sockets.close(() => resolve()))])
}

/**
 * Starts a local Solana chain: LiteSVM behind a JSON-RPC (HTTP) and WebSocket
 * server on a free port, for tests and the devnet. Slots advance on a clock;
 * blockhashes stay valid for 150 slots; `confirmed` and `finalized` lag the
 * processed slot. An unmodified `@solana/web3.js` client works against it.
 * Ready in a few milliseconds.
 *
 * @example
 * await using chain = await startLocalSolana({ slotMs: 50, finalizedLag: 4 })
 * const rpc = createSolanaRpc(chain.rpcUrl)
 * const rpcSubscriptions = createSolanaRpcSubscriptions(chain.wsUrl)
 * await rpc.requestAirdrop(address, lamports(10n ** 9n)).send()
 */
export async function startLocalSolana(parameters: StartLocalSolanaParameters = {}): Promise<LocalSolana> {
  const { slotMs = 400, host = '127.0.0.1' } = parameters
  const { ledger, faucet } = await fundedLedger(parameters)
  const ctx: RpcContext = { ledger, faucet, identity: faucet.address }
  const subscriptions = new Subscriptions(ledger)
  ledger.listeners.add(subscriptions)
  const methods: RpcMethods = { ...rpcChainMethods, ...rpcTransactionMethods }
  const rpcServer = createServer(serveHttp(ctx, methods))
  const wsServer = createServer((_req, res) => res.writeHead(426).end())
  // Longer than any client keeps an idle socket (undici 4 s, load balancers 60 s), so a reused connection is never
  // closed under it, even when timers run late on busy cores (ECONNRESET).
  rpcServer.keepAliveTimeout = 65_000
  const sockets = new WebSocketServer({ noServer: true })
  sockets.on('connection', serveSocket(subscriptions))
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req))
  rpcServer.on('upgrade', upgrade)
  wsServer.on('upgrade', upgrade)
  const port = await bindPorts(rpcServer, wsServer, host)
  const timer = slotMs > 0 ? setInterval(() => ledger.advanceSlot(), slotMs) : undefined
  timer?.unref()
  let stopped: Promise<void> | undefined
  const stop = () => {
    clearInterval(timer)
    ledger.listeners.delete(subscriptions)
    stopped ??= closeServers(rpcServer, wsServer, sockets)
    return stopped
  }
  return {
    rpcUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port + 1}`,
    wsUrlSamePort: `ws://${host}:${port}`,
    ledger,
    faucet: faucet.address,
    slot: () => ledger.slot,
    advanceSlots: (n) => {
      for (let i = 0; i < n; i++) ledger.advanceSlot()
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
