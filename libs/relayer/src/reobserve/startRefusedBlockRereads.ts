import type { ListRefusedBlocksParameters, ListRefusedBlocksReturnType } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import { bytesToHex } from '@relaymesh/protocol'
import { runLoop } from '../loop/runLoop.js'
import type { RelayerErrorCode } from '../RelayerError.js'
import { FORGED_HEADER_CODES } from '../finality/bsc/refusedParliaHeader.js'
import { rereadRefusedBlock, type RereadRefusedBlockParameters } from './rereadRefusedBlock.js'
import { rereadRefusedHeader } from './rereadRefusedHeader.js'

/** Whole-bundle refusals that say the block served was not the one the chain finalized at its height. */
export const NOT_CANONICAL_CODES: readonly RelayerErrorCode[] = ['BLOCK_NOT_CANONICAL']

export type StartRefusedBlockRereadsParameters = RereadRefusedBlockParameters & {
  signal: AbortSignal
  /** How often the verifier's refusals are looked at (ms). */
  intervalMs?: number | undefined
  /**
   * Set on a Parlia origin: headers the light client refused as possible forgeries are read again too, and `refeed`
   * is called with the height when another endpoint serves another header there (the feeder rewinds to it).
   */
  headers?: { refeed(number: bigint): void } | undefined
}

/** Where the refusals are read (`listRefusedBlocks` over the relayer's Postgres), and the loop's logger. */
export type RefusedBlockRereadsDeps = {
  listRefusedBlocks(q: ListRefusedBlocksParameters): Promise<ListRefusedBlocksReturnType>
  logger: Logger
}

/** Refusals scanned per step; older than this (ms) are not acted on (the bundle stream deduplicates for 2 hours). */
const SCAN_LIMIT = 1_000
const NEWER_THAN_MS = 60 * 60_000
/** Blocks remembered as read again, so a refusal named twice is acted on once. */
const MAX_REMEMBERED = 4_096

/**
 * The watcher's side of its verifier's finality refusals: every few seconds, the source blocks of its origin the
 * verifier refused whole as not canonical (`listRefusedBlocks`, from the rejections it recorded) are read again from
 * another RPC endpoint (`rereadRefusedBlock`), and the endpoint still serving the refused block is demoted. Without
 * this a consistent liar (forged block, recomputed roots and hash) first in the list is asked again and again, and
 * this relayer never verifies the honest block itself. Costs one query per interval over the rejections' primary key
 * (two on a Parlia origin, whose light client's header refusals are read again likewise: `headers`).
 *
 * @example
 * const rereads = startRefusedBlockRereads({ listRefusedBlocks: (q) => listRefusedBlocks(db, q), logger }, p)
 */
export function startRefusedBlockRereads(
  ctx: RefusedBlockRereadsDeps,
  p: StartRefusedBlockRereadsParameters,
): { done: Promise<void> } {
  let after = 0n
  const done = new Set<string>()
  const remember = (hash: string) => {
    done.add(hash)
    if (done.size > MAX_REMEMBERED) done.delete(done.values().next().value as string) // reason: the set is not empty
  }
  const headers = p.headers && scanRefusedHeaders(ctx, p, p.headers, { has: (h) => done.has(h), remember })
  const step = async () => {
    const more = (await headers?.()) ?? false
    const { through, scanned, blocks } = await ctx.listRefusedBlocks({
      origin: p.opts.origin,
      after,
      reasonCodes: NOT_CANONICAL_CODES,
      newerThanMs: NEWER_THAN_MS,
      limit: SCAN_LIMIT,
    })
    for (const block of blocks) {
      const hash = bytesToHex(block.hash)
      if (done.has(hash)) continue
      await rereadRefusedBlock(p, { number: block.number, hash, reasonCode: block.reasonCode })
      remember(hash)
    }
    if (through !== undefined) after = through
    return more || scanned === SCAN_LIMIT // more may be due: the next step at once
  }
  return { done: runLoop(ctx, 'refused-block-rereads', { signal: p.signal, intervalMs: p.intervalMs ?? 2_000 }, step) }
}

/** One scan of the light client's header refusals (`FORGED_HEADER_CODES`) past its own cursor; true if more are due. */
function scanRefusedHeaders(
  ctx: RefusedBlockRereadsDeps,
  p: StartRefusedBlockRereadsParameters,
  headers: { refeed(number: bigint): void },
  done: { has(hash: string): boolean; remember(hash: string): void },
): () => Promise<boolean> {
  let after = 0n
  return async () => {
    const { through, scanned, blocks } = await ctx.listRefusedBlocks({
      origin: p.opts.origin,
      after,
      reasonCodes: FORGED_HEADER_CODES,
      newerThanMs: NEWER_THAN_MS,
      limit: SCAN_LIMIT,
      from: { stage: 'finality', scope: 'header' },
    })
    for (const block of blocks) {
      const hash = bytesToHex(block.hash)
      if (done.has(hash)) continue
      const { refeed } = await rereadRefusedHeader(p, { number: block.number, hash, reasonCode: block.reasonCode })
      if (refeed) headers.refeed(block.number)
      done.remember(hash)
    }
    if (through !== undefined) after = through
    return scanned === SCAN_LIMIT
  }
}
