import { findUnknownMessageIds } from '@relaymesh/store'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { readBlockParts } from '../watcher/runEvmWatcher.js'
import { decideReobserve, defaultReobserveOptions } from './decideReobserve.js'
import type { ReobserveHint } from './ReobserveHint.js'
import type { EvmWatcherDeps, EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import type { ReobserveOptions } from './decideReobserve.js'

/** The watcher a reobserver reads blocks again with, and its rules. */
export type ReobserveWatcher = {
  opts: EvmWatcherOptions
  deps: EvmWatcherDeps
  options?: ReobserveOptions
  /** What became of the block's first publish (`createPublishLedger`), for the error line. */
  describeFirstPublish?: ((blockHash: string) => Promise<Record<string, unknown>>) | undefined
}

/** What the reobserver keeps between hints: its logger, and when it last read each block (by hash). */
export type ReobserverState = { logger: Logger; lastReadAt: Map<string, number> }

/**
 * Acts on one hint (`startReobserver`): each named block whose messages this relayer partly never stored although its
 * watcher passed it (`decideReobserve`) is read again by hash from this relayer's own RPC, and the parts holding the
 * missing messages are published for verification.
 */
export async function reobserveHintedBlocks(
  ctx: RelayerContext,
  p: ReobserveWatcher,
  state: ReobserverState,
  hint: ReobserveHint,
  from: string,
): Promise<void> {
  const { logger, lastReadAt } = state
  const cursor = (await p.deps.loadCursor())?.number
  // One query for the whole hint: the ids of all its blocks this relayer never stored.
  const unknown = new Set(
    (
      await findUnknownMessageIds(
        ctx.db,
        hint.blocks.flatMap((b) => b.ids.map((id) => hexToBytes(id))),
      )
    ).map((id) => bytesToHex(id)),
  )
  for (const block of hint.blocks) {
    const missing = block.ids.filter((id) => unknown.has(id))
    const now = p.deps.now()
    const decision = decideReobserve(
      { blockNumber: block.number, unknownIds: missing.length, cursor, lastReadAt: lastReadAt.get(block.hash), now },
      p.options ?? defaultReobserveOptions,
    )
    if (!decision.read) continue
    lastReadAt.set(block.hash, now)
    const parts = (await readBlockParts(p.opts, p.deps, block.hash, undefined)).filter((part) =>
      part.messageIds.some((id) => unknown.has(bytesToHex(id))),
    )
    const at = { origin: p.opts.origin, block: block.number.toString(), hash: block.hash, from }
    if (parts.length === 0) {
      logger.warn(at, "a reobserve hint names messages this relayer's node does not have in that block")
      continue
    }
    await p.deps.publish(parts, { reobserved: true })
    // Diagnosis only: it never stands in the way of the block's way back.
    const firstPublish = await p
      .describeFirstPublish?.(block.hash)
      .catch((err: unknown) => ({ unavailable: String(err) }))
    logger.error(
      { ...at, missing: missing.length, firstPublish },
      'the watcher had passed a block whose messages were never stored: read it again for a hint and published it for verification',
    )
  }
}
