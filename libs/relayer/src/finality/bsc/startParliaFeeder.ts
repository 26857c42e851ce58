import { isRelaymeshError, sleep } from '@relaymesh/errors'
import { publish } from '@relaymesh/bus'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { getCursor, setCursor } from '@relaymesh/store'
import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { EndpointRotation } from '../../endpoints/createEndpointRotation.js'
import { readFromEachEndpoint } from '../../endpoints/readFromEachEndpoint.js'
import { RelayerError } from '../../RelayerError.js'
import { parliaHeadersCodec } from './parliaHeadersCodec.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'
import { readParliaRun, type ParliaRpcBlock, type ParliaRun } from './readParliaRun.js'
import { rewindFeederCursor, type FeederCursor } from './rewindFeederCursor.js'

export const PARLIA_FEEDER_CURSOR = 'parlia-feeder'

export type StartParliaFeederParameters = {
  origin: number
  config: ParliaFinalityConfig
  signal: AbortSignal
  /**
   * The chain's endpoints by rank, shared with its watcher: headers are read through it, a run answered inconsistently
   * is read from each endpoint on its own, and an endpoint caught serving one is demoted for both.
   */
  rotation: EndpointRotation
}

/**
 * What a feeder remembers between polls: its cursor once read or written (`null`: none stored yet). Only this
 * feeder moves its cursor, so Postgres is read once per process, not once per poll (four times a second when idle).
 */
export type ParliaFeederState = {
  cursor?: FeederCursor | null
  /** The lowest height whose header the light client refused and another endpoint serves differently: fed again. */
  refeedFrom?: bigint | undefined
}

/**
 * One feeder step: publishes the headers after the cursor up to the node's
 * head, `headersPerMessage` per message, each run consecutive and linked
 * (the verifier checks seals, votes and linkage; this only refuses to send
 * a run that does not fit together as served: `checkParliaRun`). Publish before moving the cursor
 * (at-least-once; JetStream dedups by run id).
 */
export async function pollParliaFeeder(
  ctx: RelayerContext,
  p: StartParliaFeederParameters,
  state: ParliaFeederState = {},
): Promise<number> {
  if (!ctx.chains.has(p.origin))
    throw new RelayerError(`no chain configured for origin ${p.origin}`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const cursor =
    state.cursor !== undefined
      ? state.cursor
      : ((await getCursor(ctx.db, { chain: p.origin, name: PARLIA_FEEDER_CURSOR })) ?? null)
  state.cursor = cursor
  if (state.refeedFrom !== undefined) await rewind(ctx, p, state, state.refeedFrom)
  const from = state.cursor ? state.cursor.blockNumber + 1n : BigInt(p.config.feedFrom)
  const head = BigInt((await p.rotation.rpc.request({ method: 'eth_blockNumber' })) as `0x${string}`) // reason: hex
  if (from > head) return 0
  const to =
    head < from + BigInt(p.config.headersPerMessage) - 1n ? head : from + BigInt(p.config.headersPerMessage) - 1n
  const parentHash = state.cursor?.blockHash ? bytesToHex(state.cursor.blockHash) : undefined
  const run = { origin: p.origin, chainId: BigInt(p.config.chainId), from, to, parentHash }
  const blocks = await readRun(ctx, p, run)
  const headers = blocks.map((block) => bytesToHex(encodeBlockHeader(block)))
  const last = blocks.at(-1)
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
    // reason: from <= to, so the run holds a block
    blockHash: hexToBytes((last as ParliaRpcBlock).hash),
  }
  await setCursor(ctx.db, { chain: p.origin, name: PARLIA_FEEDER_CURSOR, ...moved })
  state.cursor = moved
  return headers.length
}

/**
 * Moves the cursor back before the run that held a refused header (stored, so a restart feeds from there too). The
 * light client refused that whole run, so its headers before the refused one must be fed again as well: runs are at
 * most `headersPerMessage` long, and headers it already holds are applied again unchanged.
 */
async function rewind(
  ctx: RelayerContext,
  p: StartParliaFeederParameters,
  state: ParliaFeederState,
  refusedAt: bigint,
): Promise<void> {
  const runStart = refusedAt - BigInt(p.config.headersPerMessage) + 1n
  const back = rewindFeederCursor(state.cursor ?? null, runStart > 1n ? runStart : 1n)
  if (back) await setCursor(ctx.db, { chain: p.origin, name: PARLIA_FEEDER_CURSOR, ...back })
  if (back) state.cursor = back
  state.refeedFrom = undefined
  if (back)
    ctx.logger
      .child({ module: 'parlia-feeder', origin: p.origin })
      .warn({ origin: p.origin, from: refusedAt.toString() }, 'feeding BSC headers again from before a refused header')
}

/**
 * The run through the rotation; answers that do not fit together (`checkParliaRun`: a block not hashing, linking or
 * sealed by its miner) are read again from each endpoint on its own, and those that served them demoted.
 */
async function readRun(ctx: RelayerContext, p: StartParliaFeederParameters, run: ParliaRun): Promise<ParliaRpcBlock[]> {
  try {
    return await readParliaRun(p.rotation.rpc, run)
  } catch (error) {
    if (!isRelaymeshError(error, 'RPC_DATA_INCONSISTENT')) throw error
    const logger = ctx.logger.child({ module: 'parlia-feeder', origin: p.origin })
    const at = { origin: p.origin, from: run.from.toString(), to: run.to.toString() }
    logger.warn({ err: error, ...at }, 'BSC headers served do not fit together: reading the run from each endpoint')
    return await readFromEachEndpoint({
      endpoints: p.rotation,
      read: (rpc) => readParliaRun(rpc, run),
      first: error,
      logger,
      at,
    })
  }
}

/**
 * Watcher side of Parlia finality: follows the BSC node and publishes its
 * consecutive headers (RLP) on `catalogue.subjects.finality(origin)` for the
 * verifier's Parlia light client. Retryable failures back off. `refeed` rewinds it before a header the light client
 * refused (`startRefusedBlockRereads`).
 */
export function startParliaFeeder(
  ctx: RelayerContext,
  p: StartParliaFeederParameters,
): { done: Promise<void>; refeed(number: bigint): void } {
  const logger = ctx.logger.child({ module: 'parlia-feeder', origin: p.origin })
  const pollMs = ctx.chains.get(p.origin)?.config.pollIntervalMs ?? 250
  const state: ParliaFeederState = {}
  const done = (async () => {
    let failures = 0
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
  // A header the light client refused (a re-sealed fork) and another endpoint serves differently: the next poll
  // feeds from that height again, read through the rotation that now ranks the endpoint serving it last.
  const refeed = (number: bigint) => {
    if (state.refeedFrom === undefined || number < state.refeedFrom) state.refeedFrom = number
  }
  return { done, refeed }
}
