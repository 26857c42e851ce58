import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { minerHistoryCheckLen, type ParliaTrustedEpoch } from '@relaymesh/light-client'
import type { Hex } from '@relaymesh/protocol'
import { createParliaDevChain, type ParliaDevChain } from './createParliaDevChain.js'
import { answerParliaRpc, type AnvilCall } from './parliaRpcMethods.js'
import { defaultParliaDevSchedule, type ParliaDevSet } from './parliaDevValidators.js'
import type { ExecutionBlock } from './sealParliaHeader.js'
import { keepIdleConnections } from '@relaymesh/relayer/internal'

export type StartParliaNodeParameters = {
  /** The BSC stand-in anvil. */
  anvilUrl: string
  /** Signed into every seal (the anvil's chain id). */
  chainId: bigint
  /** Parlia `Epoch` (small on the devnet, e.g. 20, so tests cross epochs). */
  epochLength: bigint
  schedule?: ((epochIndex: bigint) => ParliaDevSet) | undefined
  host?: string
  port?: number
}

export type ParliaNode = {
  /** Point relayers' BSC `rpcUrl` here. */
  url: string
  chain: ParliaDevChain
  /** Epoch block 0 as a light client trusts it (its extraData lists the genesis set). */
  trustedEpoch(): Promise<{ number: bigint; extraData: Hex }>
  /** First header a store trusting only epoch 0 can verify (attestation voters and sealer both resolvable). */
  firstVerifiable: bigint
  /** Stop / resume the BEP-126 vote signers. */
  pauseVotes(): void
  resumeVotes(): void
  stop(): Promise<void>
}

type JsonRpcRequest = { id?: unknown; method: string; params?: unknown[] }

function anvilCaller(url: string): AnvilCall {
  let id = 0
  return async (method, params) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    })
    const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } }
    if (body.error) throw Object.assign(new Error(body.error.message), { rpcError: body.error })
    return body.result
  }
}

/**
 * Seals every anvil block the chain may extend to, one sync at a time. Each call waits for a sync that starts
 * after it was made (so it sees every block mined before it), and calls arriving while one sync runs share the
 * next: one `eth_blockNumber` per round, not one per request (three relayers' watchers, verifiers and feeders
 * poll the node at once).
 */
function createSync(chain: ParliaDevChain, anvil: AnvilCall): () => Promise<void> {
  let tail: Promise<void> = Promise.resolve()
  let next: Promise<void> | undefined
  const step = async () => {
    const anvilHead = BigInt((await anvil('eth_blockNumber', [])) as string)
    for (let n = chain.head() + 1n; n <= anvilHead && chain.canExtend(n); n++) {
      const block = (await anvil('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as
        (ExecutionBlock & { hash: Hex; parentHash: Hex }) | null
      if (!block) break
      chain.extend(block)
    }
  }
  const start = () => {
    next = undefined
    return step()
  }
  return () => {
    if (next) return next
    next = tail.then(start, start)
    tail = next
    return next
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function answerOne(
  chain: ParliaDevChain,
  anvil: AnvilCall,
  sync: () => Promise<void>,
  r: JsonRpcRequest,
): Promise<unknown> {
  try {
    await sync()
    return { jsonrpc: '2.0', id: r.id ?? null, result: await answerParliaRpc(chain, anvil, r.method, r.params ?? []) }
  } catch (error) {
    // reason: anvil's own error object, passed through as is
    const rpcError = (error as { rpcError?: unknown }).rpcError
    return {
      jsonrpc: '2.0',
      id: r.id ?? null,
      error: rpcError ?? { code: -32603, message: error instanceof Error ? error.message : String(error) },
    }
  }
}

/**
 * The devnet Parlia node: a JSON-RPC endpoint in front of the BSC stand-in
 * anvil that serves Parlia-format headers over anvil's real execution results
 * (same receipts, transactions and state roots, so receipt proofs hold), sealed
 * and voted with development keys. Anvil's headers cannot be sealed in place
 * (the seal sits in extraData, which the block hash covers), so the node keeps
 * its own chain of hashes and rewrites `blockHash` in logs and receipts. The
 * relayers' watcher and verifier code is unchanged: they see a BSC node.
 *
 * @example
 * const node = await startParliaNode({ anvilUrl: chains.bsc.rpcUrl, chainId: 31356n, epochLength: 20n })
 * config.rpcUrl = node.url
 */
export async function startParliaNode(p: StartParliaNodeParameters): Promise<ParliaNode> {
  const schedule = p.schedule ?? defaultParliaDevSchedule()
  const chain = createParliaDevChain({ chainId: p.chainId, epochLength: p.epochLength, schedule })
  const anvil = anvilCaller(p.anvilUrl)
  const sync = createSync(chain, anvil)
  await sync()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let payload: unknown
      try {
        const body = JSON.parse(await readBody(req)) as JsonRpcRequest | JsonRpcRequest[]
        payload = Array.isArray(body)
          ? await Promise.all(body.map((r) => answerOne(chain, anvil, sync, r)))
          : await answerOne(chain, anvil, sync, body)
      } catch (error) {
        payload = {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: error instanceof Error ? error.message : String(error) },
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload))
    })()
  })
  keepIdleConnections(server)
  await new Promise<void>((resolve) => server.listen(p.port ?? 0, p.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo // reason: a TCP listener has an AddressInfo
  const genesisSet = schedule(0n)
  return {
    url: `http://127.0.0.1:${port}`,
    chain,
    trustedEpoch: async () => ({ number: 0n, extraData: (chain.block(0n)?.header.extraData ?? '0x') as Hex }),
    firstVerifiable: minerHistoryCheckLen(genesisSet) + 2n,
    pauseVotes: chain.pauseVotes,
    resumeVotes: chain.resumeVotes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type { ParliaTrustedEpoch }
