import { sleep } from '@relaymesh/errors'
import { publish } from '@relaymesh/bus'
import { encodeBlockHeader, hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { getCursor, setCursor } from '@relaymesh/store'
import type { RelayerChain, RelayerContext } from '../../context/createRelayerContext.js'
import { RelayerError } from '../../RelayerError.js'
import { parliaHeadersCodec } from './parliaHeadersCodec.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'

export const PARLIA_FEEDER_CURSOR = 'parlia-feeder'

export type StartParliaFeederParameters = { origin: number; config: ParliaFinalityConfig; signal: AbortSignal }

type RpcBlock = RpcBlockHeader & { hash: `0x${string}` }

/**
 * What a feeder remembers between polls: its cursor once read or written (`null`: none stored yet). Only this
 * feeder moves its cursor, so Postgres is read once per process, not once per poll (four times a second when idle).
 */
export type ParliaFeederState = { cursor?: { blockNumber: bigint; blockHash: Uint8Array | null } | null }

/**
 * One feeder step: publishes the headers after the cursor up to the node's
 * head, `headersPerMessage` per message, each run consecutive and linked
 * (the verifier checks seals, votes and linkage; this only refuses to send
 * a run its own node contradicts). Publish before moving the cursor
 * (at-least-once; JetStream dedups by run id).
 */
export async function pollParliaFeeder(
  ctx: RelayerContext,
  p: StartParliaFeederParameters,
  state: ParliaFeederState = {},
): Promise<number> {
  const chain = ctx.chains.get(p.origin)
  if (!chain)
    throw new RelayerError(`no chain configured for origin ${p.origin}`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const cursor =
    state.cursor !== undefined
      ? state.cursor
      : ((await getCursor(ctx.db, { chain: p.origin, name: PARLIA_FEEDER_CURSOR })) ?? null)
  state.cursor = cursor
  const from = cursor ? cursor.blockNumber + 1n : BigInt(p.config.feedFrom)
  const head = await chain.client.getBlockNumber({ cacheTime: 0 })
  if (from > head) return 0
  const to =
    head < from + BigInt(p.config.headersPerMessage) - 1n ? head : from + BigInt(p.config.headersPerMessage) - 1n
  const blocks = await fetchBlocks(chain.client, from, to)
  const headers: `0x${string}`[] = []
  let parentHash = cursor?.blockHash ? bytesToHex(cursor.blockHash) : undefined
  let last: RpcBlock | undefined
  for (const block of blocks) {
    const n = BigInt(block.number)
    if (
      hashBlockHeader(block) !== block.hash.toLowerCase() ||
      (parentHash !== undefined && block.parentHash.toLowerCase() !== parentHash)
    ) {
      throw new RelayerError(`block ${n} does not hash or link as served`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
    }
    headers.push(bytesToHex(encodeBlockHeader(block)))
    parentHash = block.hash.toLowerCase() as `0x${string}` // reason: lowercasing keeps 0x
    last = block
  }
  await publish(
    ctx.bus,
    ctx.catalogue.subjects.finality(String(p.origin)),
    { origin: p.origin, from: Number(from), headers },
    {
      codec: parliaHeadersCodec,
      msgId: `parlia:${p.origin}:${from}-${to}:${last?.hash}`,
    },
  )
  const moved = {
    blockNumber: to,
    // reason: set by the loop (from <= to)
    blockHash: hexToBytes(parentHash as `0x${string}`),
  }
  await setCursor(ctx.db, { chain: p.origin, name: PARLIA_FEEDER_CURSOR, ...moved })
  state.cursor = moved
  return headers.length
}

/** Requests in flight while fetching one run of headers. */
const FETCH_CONCURRENCY = 16

/**
 * Blocks `from..to` in order, `FETCH_CONCURRENCY` requests at a time: one
 * request after the other made the feeder as slow as the node's latency (on
 * a saturated machine it fell 2,000 blocks behind a 0.5 s chain, so no
 * BSC-origin message became final).
 */
async function fetchBlocks(client: RelayerChain['client'], from: bigint, to: bigint): Promise<RpcBlock[]> {
  const numbers: bigint[] = []
  for (let n = from; n <= to; n++) numbers.push(n)
  const blocks: RpcBlock[] = []
  for (let i = 0; i < numbers.length; i += FETCH_CONCURRENCY) {
    const slice = numbers.slice(i, i + FETCH_CONCURRENCY)
    blocks.push(
      ...(await Promise.all(
        slice.map(async (n) => {
          const block = (await client.request({
            method: 'eth_getBlockByNumber',
            params: [`0x${n.toString(16)}`, false],
          })) as unknown as RpcBlock | null // reason: raw JSON-RPC block
          if (!block) throw new RelayerError(`block ${n} unavailable`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
          if (BigInt(block.number) !== n)
            throw new RelayerError(`asked for block ${n}, served ${block.number}`, {
              code: 'RPC_UNAVAILABLE',
              action: 'retry',
            })
          return block
        }),
      )),
    )
  }
  return blocks
}

/**
 * Watcher side of Parlia finality: follows the BSC node and publishes its
 * consecutive headers (RLP) on `catalogue.subjects.finality(origin)` for the
 * verifier's Parlia light client. Retryable failures back off.
 */
export function startParliaFeeder(ctx: RelayerContext, p: StartParliaFeederParameters): { done: Promise<void> } {
  const logger = ctx.logger.child({ module: 'parlia-feeder', origin: p.origin })
  const pollMs = ctx.chains.get(p.origin)?.config.pollIntervalMs ?? 250
  const done = (async () => {
    let failures = 0
    const state: ParliaFeederState = {}
    while (!p.signal.aborted) {
      try {
        const sent = await pollParliaFeeder(ctx, p, state)
        failures = 0
        if (sent < p.config.headersPerMessage) await sleep(pollMs, p.signal)
      } catch (error) {
        if (error instanceof RelayerError && error.action === 'fatal') throw error
        failures++
        logger.warn({ err: error, failures }, 'parlia feeder poll failed; retrying')
        await sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 6)), p.signal)
      }
    }
  })()
  return { done }
}
