import { hashBlockHeader } from '@relaymesh/receipt-proof'
import type { RejectionInput } from '@relaymesh/store'
import { numberToHex, pad, type Hex } from 'viem'
import { syntheticBlock, syntheticMessages, type SyntheticBlock } from '../../testing/syntheticBlock.js'
import type { BlockBundleWire } from '../buildBlockBundleWires.js'
import type { EvmWatcherDeps, EvmWatcherOptions, WatcherCursor } from '../EvmWatcherDeps.js'

export type InMemoryWatcherParameters = {
  opts: EvmWatcherOptions
  /** Blocks 0..`blocks - 1`, linked and hashing like a real chain's; the head is the last. */
  blocks: number
  /** Messages by block number (one Dispatch per receipt); `payloadBytes` makes a receipt large. */
  messages: ReadonlyMap<bigint, { count: number; payloadBytes?: number }>
}

/**
 * An EVM watcher's world in memory, behind `EvmWatcherDeps`: a chain of synthetic blocks whose receipts really hash to
 * their headers (served by a fake JSON-RPC), its cursor, the parts published, the rejections stored and each pause
 * the loop asked for. `failNext` makes the next calls of an RPC method throw; `onPause` runs at every pause (a test
 * aborts the loop there once the state it waits for holds).
 */
/** The chain's blocks, their receipts holding `messages`; the nonces run on across blocks so every id differs. */
function buildChain(p: InMemoryWatcherParameters): SyntheticBlock[] {
  const chain: SyntheticBlock[] = []
  let nonce = 0n
  for (let n = 0n; n < BigInt(p.blocks); n++) {
    const spec = p.messages.get(n)
    const { receipts } = spec
      ? syntheticMessages({ ...spec, origin: p.opts.origin, destination: 56, outbox: p.opts.outbox, firstNonce: nonce })
      : { receipts: [] }
    nonce += BigInt(spec?.count ?? 0)
    chain.push(syntheticBlock(receipts, n, chain.at(-1)?.block.hash ?? pad('0x00'), (h) => hashBlockHeader(h)))
  }
  return chain
}

/** The JSON-RPC answers of a node serving `chain`, as the watcher asks for them. */
function serveChain(chain: readonly SyntheticBlock[], method: string, params: readonly unknown[] | undefined): unknown {
  const byHash = (hash: unknown) => chain.find((b) => b.block.hash === hash)
  if (method === 'eth_blockNumber') return numberToHex(chain.length - 1)
  // reason: the block number is a hex quantity
  if (method === 'eth_getBlockByNumber') return chain[Number(BigInt(params?.[0] as Hex))]?.block ?? null
  if (method === 'eth_getBlockByHash') return byHash(params?.[0])?.block ?? null
  if (method === 'eth_getBlockReceipts') return byHash(params?.[0])?.receipts ?? null
  if (method === 'eth_getLogs') {
    const filter = params?.[0] as { fromBlock: Hex; toBlock: Hex } // reason: the watcher's one filter shape
    return chain
      .slice(Number(BigInt(filter.fromBlock)), Number(BigInt(filter.toBlock)) + 1)
      .flatMap((b) =>
        b.receipts.flatMap((r) => r.logs.map(() => ({ blockHash: b.block.hash, blockNumber: b.block.number }))),
      )
  }
  throw new Error(`unexpected ${method}`)
}

export function createInMemoryWatcher(p: InMemoryWatcherParameters) {
  const chain = buildChain(p)
  const world = {
    chain,
    cursor: undefined as WatcherCursor | undefined, // reason: none stored until the first poll saves one
    published: [] as BlockBundleWire[],
    /** Parts read again for a reobserve hint (`publish` with `reobserved`). */
    reobserved: [] as BlockBundleWire[],
    rejections: [] as RejectionInput[],
    pauses: [] as number[],
    failNext: new Map<string, { times: number; error: () => Error }>(),
    onPause: (): void => undefined,
  }
  const serve = (method: string, params: unknown[] | undefined): unknown => {
    const failing = world.failNext.get(method)
    if (failing && failing.times > 0) {
      failing.times--
      throw failing.error()
    }
    return serveChain(chain, method, params)
  }
  const silent = () => undefined
  const logger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, fatal: silent }
  const deps: EvmWatcherDeps = {
    // reason: JSON-RPC params are an array
    rpc: { request: async ({ method, params }) => serve(method, params as unknown[] | undefined) },
    loadCursor: async () => world.cursor,
    saveCursor: async (c) => {
      world.cursor = c
    },
    publish: async (parts, options) => {
      ;(options?.reobserved ? world.reobserved : world.published).push(...parts)
    },
    recordRejections: async (rows) => {
      world.rejections.push(...rows)
    },
    observe: () => undefined,
    logger: { ...logger, child: () => logger } as never, // reason: the loop only writes lines, nobody reads them here
    now: () => 0,
    sleep: async (ms) => {
      world.pauses.push(ms)
      world.onPause()
    },
  }
  return Object.assign(world, { deps })
}

export type InMemoryWatcher = ReturnType<typeof createInMemoryWatcher>
