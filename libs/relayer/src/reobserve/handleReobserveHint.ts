import { bytesToHex } from '@relaymesh/protocol'
import type { Logger } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import type { ReobserverDeps } from './ReobserverDeps.js'
import type { EvmWatcherDeps, EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import { readBlockParts } from '../watcher/readBlockParts.js'
import type { FirstPublish } from './createPublishLedger.js'
import { decideReobserve, defaultReobserveOptions, type ReobserveOptions } from './decideReobserve.js'
import type { ReobserveHint } from './ReobserveHint.js'

export type HandleReobserveHintParameters = {
  /** Of some ids, those this relayer's store never held (`ReobserverDeps.findUnknownIds`). */
  findUnknownIds: ReobserverDeps['findUnknownIds']
  opts: EvmWatcherOptions
  deps: EvmWatcherDeps
  options?: ReobserveOptions | undefined
  describeFirstPublish?: ((blockHash: string) => Promise<FirstPublish>) | undefined
  /** What became of the block's latest re-read (`createPublishLedger`'s `describe(hash, 'reread')`). */
  describeReread?: ((blockHash: string) => Promise<FirstPublish>) | undefined
  logger: Logger
  /** When each block was last read again for a hint (ms); kept by the caller across hints. */
  lastReadAt: Map<string, number>
}

/**
 * Acts on one hint from relayer `from` (`startReobserver`): each named block this relayer's watcher passed with some of
 * its messages never stored (`decideReobserve`) is read again by hash from this relayer's own node and its parts
 * holding the missing messages are published, unless the block's first publish is still on its way to the verifier.
 *
 * @example
 * await handleReobserveHint({ findUnknownIds, opts, deps, logger, lastReadAt }, hint, 'r2')
 */
export async function handleReobserveHint(
  c: HandleReobserveHintParameters,
  hint: ReobserveHint,
  from: string,
): Promise<void> {
  const cursor = (await c.deps.loadCursor())?.number
  // One query for the whole hint: the ids of all its blocks this relayer never stored.
  const unknown = await c.findUnknownIds(hint.blocks.flatMap((b) => b.ids))
  for (const block of hint.blocks) {
    const missing = block.ids.filter((id) => unknown.has(id))
    const now = c.deps.now()
    const state = {
      blockNumber: block.number,
      unknownIds: missing.length,
      cursor,
      lastReadAt: c.lastReadAt.get(block.hash),
      now,
    }
    const options = c.options ?? defaultReobserveOptions
    let decision = decideReobserve(state, options)
    if (!decision.read && decision.why === 'read-recently' && c.describeReread) {
      const reread = await describeSafely(c.describeReread, block.hash)
      decision = decideReobserve({ ...state, lastReadFate: reread.fate }, options)
      if (decision.read)
        c.logger.warn(
          { origin: c.opts.origin, block: block.number.toString(), hash: block.hash, reread },
          'the stream no longer holds the re-read of a block whose messages are still missing: reading it again',
        )
    }
    if (decision.read) await reobserveBlock(c, block, missing, from)
  }
}

/** A publish's fate, or `unknown` with the reason when the stream or the consumer could not be asked. */
function describeSafely(
  describe: (blockHash: string) => Promise<FirstPublish>,
  blockHash: string,
): Promise<FirstPublish> {
  return describe(blockHash).catch((err: unknown) => ({
    fate: 'unknown' as const,
    remembered: false,
    unavailable: String(err),
  }))
}

/** Reads a block again unless its first publish is still on its way to this relayer's verifier. */
async function reobserveBlock(
  c: HandleReobserveHintParameters,
  block: ReobserveHint['blocks'][number],
  missing: Hex[],
  from: string,
): Promise<void> {
  const at = { origin: c.opts.origin, block: block.number.toString(), hash: block.hash, from }
  const firstPublish: FirstPublish = c.describeFirstPublish
    ? await describeSafely(c.describeFirstPublish, block.hash)
    : { fate: 'unknown', remembered: false }
  // Behind, not lost: the stream holds the block and the verifier has not got past it (fault runs re-read such
  // blocks by the dozen on a loaded machine, each counted as a loss). A later hint looks again.
  if (firstPublish.fate === 'waiting')
    return c.logger.info(
      { ...at, missing: missing.length, firstPublish },
      "a hint names a block this relayer's verifier has not reached yet: not read again",
    )
  // Asked after the consumer: what the verifier stored before it acknowledged is seen here.
  const stillUnknown = await c.findUnknownIds(missing)
  if (stillUnknown.size === 0) return
  c.lastReadAt.set(block.hash, c.deps.now())
  const parts = (await readBlockParts(c.opts, c.deps, block.hash, undefined)).filter((part) =>
    part.messageIds.some((id) => stillUnknown.has(bytesToHex(id))),
  )
  if (parts.length === 0)
    return c.logger.warn(at, "a reobserve hint names messages this relayer's node does not have in that block")
  await c.deps.publish(parts, { reobserved: true })
  c.logger.error(
    { ...at, missing: stillUnknown.size, firstPublish },
    'the watcher had passed a block whose messages were never stored: read it again for a hint and published it ' +
      'for verification',
  )
}
