import { findUnknownMessageIds } from '@relaymesh/store'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { readBlockParts, type EvmWatcherDeps, type EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import { decideReobserve, defaultReobserveOptions, type ReobserveOptions } from './decideReobserve.js'
import { reobserveHintCodec, type ReobserveHint } from './ReobserveHint.js'
import type { FirstPublish } from './createPublishLedger.js'
import type { Hex } from 'viem'

export type StartReobserverParameters = {
  opts: EvmWatcherOptions
  deps: EvmWatcherDeps
  signal: AbortSignal
  options?: ReobserveOptions
  /**
   * What became of the block's first publish (`createPublishLedger`): a block still on its way to the verifier is not
   * read again; for the others it goes on the error line.
   */
  describeFirstPublish?: ((blockHash: string) => Promise<FirstPublish>) | undefined
}

/** Hints waiting to be handled; more are dropped (the next round of hints names the same blocks again). */
const MAX_QUEUED_HINTS = 8

/**
 * The watcher's side of re-observation: takes the other relayers' hints for its origin (`startReobserveHints`), and
 * for each named block whose messages this relayer partly never stored although its watcher passed the block
 * (`decideReobserve`), reads the block again by hash from its own RPC and publishes the parts that hold the missing
 * messages. The hint is never trusted: the block comes from this relayer's node and its verifier checks finality and
 * proofs as for any bundle; a hint for a block the node does not know reads nothing. Each block read again is logged
 * as an error: a passed block whose messages were not stored is a fault to investigate.
 *
 * @example
 * const reobserver = startReobserver(ctx, { opts, deps, signal })
 */
export function startReobserver(ctx: RelayerContext, p: StartReobserverParameters): { done: Promise<void> } {
  const logger = p.deps.logger.child({ module: 'reobserver' })
  const lastReadAt = new Map<string, number>()
  let queued = 0
  let chain: Promise<void> = Promise.resolve()
  const subscription = ctx.bus.nc.subscribe(ctx.catalogue.subjects.allReobserve, {
    callback: (error, message) => {
      if (error) return logger.warn({ err: error }, 'reobserve subscription failed')
      const from = message.subject.split('.').at(-1) ?? ''
      if (from === ctx.config.relayerId || queued >= MAX_QUEUED_HINTS) return
      let hint: ReobserveHint
      try {
        hint = reobserveHintCodec.decode(message.data, reobserveHintCodec.contentType)
      } catch (err) {
        return logger.warn({ err, from }, 'ignored a malformed reobserve hint')
      }
      if (hint.origin !== p.opts.origin || !message.subject.endsWith(`.${hint.origin}.${from}`)) return
      queued++
      chain = chain
        .then(() => handleHint(hint, from))
        .catch((err: unknown) => logger.warn({ err, from }, 'could not act on a reobserve hint; the next hint retries'))
        .finally(() => {
          queued--
        })
    },
  })
  const done = new Promise<void>((resolve) => {
    const stop = () => {
      subscription.unsubscribe()
      resolve(chain)
    }
    if (p.signal.aborted) stop()
    else p.signal.addEventListener('abort', stop, { once: true })
  })
  return { done }

  async function handleHint(hint: ReobserveHint, from: string): Promise<void> {
    const cursor = (await p.deps.loadCursor())?.number
    // One query for the whole hint: the ids of all its blocks this relayer never stored.
    const unknown = await findUnknown(hint.blocks.flatMap((b) => b.ids))
    for (const block of hint.blocks) {
      const missing = block.ids.filter((id) => unknown.has(id))
      const now = p.deps.now()
      const decision = decideReobserve(
        { blockNumber: block.number, unknownIds: missing.length, cursor, lastReadAt: lastReadAt.get(block.hash), now },
        p.options ?? defaultReobserveOptions,
      )
      if (decision.read) await reobserveBlock(block, missing, from)
    }
  }

  /** Reads a block again unless its first publish is still on its way to this relayer's verifier. */
  async function reobserveBlock(block: ReobserveHint['blocks'][number], missing: Hex[], from: string): Promise<void> {
    const at = { origin: p.opts.origin, block: block.number.toString(), hash: block.hash, from }
    const firstPublish: FirstPublish = p.describeFirstPublish
      ? await p.describeFirstPublish(block.hash).catch((err: unknown) => ({
          fate: 'unknown' as const,
          remembered: false,
          unavailable: String(err),
        }))
      : { fate: 'unknown', remembered: false }
    // Behind, not lost: the stream holds the block and the verifier has not got past it (fault runs re-read such
    // blocks by the dozen on a loaded machine, each counted as a loss). A later hint looks again.
    if (firstPublish.fate === 'waiting')
      return logger.info(
        { ...at, missing: missing.length, firstPublish },
        "a hint names a block this relayer's verifier has not reached yet: not read again",
      )
    // Asked after the consumer: what the verifier stored before it acknowledged is seen here.
    const stillUnknown = await findUnknown(missing)
    if (stillUnknown.size === 0) return
    lastReadAt.set(block.hash, p.deps.now())
    const parts = (await readBlockParts(p.opts, p.deps, block.hash, undefined)).filter((part) =>
      part.messageIds.some((id) => stillUnknown.has(bytesToHex(id))),
    )
    if (parts.length === 0)
      return logger.warn(at, "a reobserve hint names messages this relayer's node does not have in that block")
    await p.deps.publish(parts, { reobserved: true })
    logger.error(
      { ...at, missing: stillUnknown.size, firstPublish },
      'the watcher had passed a block whose messages were never stored: read it again for a hint and published it for verification',
    )
  }

  async function findUnknown(ids: readonly Hex[]): Promise<Set<string>> {
    const found = await findUnknownMessageIds(
      ctx.db,
      ids.map((id) => hexToBytes(id)),
    )
    return new Set(found.map((id) => bytesToHex(id)))
  }
}
