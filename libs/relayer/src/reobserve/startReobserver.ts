import type { EvmWatcherDeps, EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import type { ReobserveOptions } from './decideReobserve.js'
import { acceptReobserveHint } from './acceptReobserveHint.js'
import type { ReobserverDeps } from './ReobserverDeps.js'
import type { FirstPublish } from './createPublishLedger.js'
import { handleReobserveHint } from './handleReobserveHint.js'

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
  /** What became of the block's latest re-read: one the stream no longer holds is read again at once. */
  describeReread?: ((blockHash: string) => Promise<FirstPublish>) | undefined
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
 * const reobserver = startReobserver(createReobserverDeps({ ...ctx, relayerId }), { opts, deps, signal })
 */
export function startReobserver(reobserver: ReobserverDeps, p: StartReobserverParameters): { done: Promise<void> } {
  const logger = p.deps.logger.child({ module: 'reobserver' })
  const lastReadAt = new Map<string, number>()
  let queued = 0
  let chain: Promise<void> = Promise.resolve()
  const subscription = reobserver.subscribeHints((error, delivery) => {
    if (error) return logger.warn({ err: error }, 'reobserve subscription failed')
    const state = { relayerId: reobserver.relayerId, origin: p.opts.origin, queued, max: MAX_QUEUED_HINTS }
    const accepted = acceptReobserveHint(delivery, state)
    const { from } = accepted
    if (!accepted.accept) {
      if (accepted.reason === 'malformed')
        logger.warn({ err: accepted.error, from }, 'ignored a malformed reobserve hint')
      return
    }
    queued++
    const c = { ...p, findUnknownIds: reobserver.findUnknownIds, logger, lastReadAt }
    chain = chain
      .then(() => handleReobserveHint(c, accepted.hint, from))
      .catch((err: unknown) => logger.warn({ err, from }, 'could not act on a reobserve hint; the next hint retries'))
      .finally(() => {
        queued--
      })
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
}
