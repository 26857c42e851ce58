import { DISPATCH_TOPIC, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { findMessageBlocks, type FindMessageBlocksReturnType, type RangeBlock } from './findMessageBlocks.js'
import { numberToHex, type Hex } from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import { RelayerError } from '../RelayerError.js'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import type { EvmWatcherDeps, EvmWatcherOptions, WatcherCursor } from './EvmWatcherDeps.js'
import { readBlockParts } from './readBlockParts.js'
import { readFromEachEndpoint } from '../endpoints/readFromEachEndpoint.js'
import { forEachInOrder } from './forEachInOrder.js'
import { decideCursorRewind } from './decideCursorRewind.js'
import { decideWatchRange } from './decideWatchRange.js'
import { decideCursorSave } from './decideCursorSave.js'
import { mayHoldDispatch } from './mayHoldDispatch.js'
import { decidePollDelay } from './decidePollDelay.js'
import { oversizedPartRejections } from './oversizedPartRejections.js'

export type {
  EvmWatcherDeps,
  EvmWatcherOptions,
  WatcherCursor,
  WatcherEndpoints,
  WatcherRpc,
} from './EvmWatcherDeps.js'

type RpcLogEntry = { blockHash: Hex; blockNumber: Hex; removed?: boolean }
type RpcBlock = RpcBlockHeader & { hash: Hex; number: Hex; parentHash: Hex }

export type PollResult = { from: bigint; to: bigint; blocks: number; messages: number } | undefined

/**
 * What one watcher remembers between polls: the safe head it has fully published, and its cursor once read or
 * written (only this watcher moves its cursor, so Postgres is read once per process, not once per block).
 */
export type EvmWatcherState = {
  doneUpTo?: bigint | undefined
  cursor?: WatcherCursor | undefined
  /** When this watcher last stored its cursor (`decideCursorSave`: empty blocks are not a write each). */
  savedAt?: number | undefined
  /** The stored cursor trails `cursor` (empty blocks read since the last write). */
  trailing?: boolean | undefined
}

/**
 * Stores a trailing cursor once it is due, on a poll that reads no block: the chain may stop serving new blocks (a
 * stalled or idle node), and the stored cursor must not stay behind the watcher's own for good.
 */
async function saveTrailingCursor(opts: EvmWatcherOptions, deps: EvmWatcherDeps, state: EvmWatcherState) {
  const now = deps.now()
  const hash = state.cursor?.hash
  if (
    !state.trailing ||
    !state.cursor ||
    !hash ||
    !decideCursorSave({ messages: 0, savedAt: state.savedAt, now }, opts)
  )
    return
  await deps.saveCursor({ number: state.cursor.number, hash })
  state.savedAt = now
  state.trailing = false
}

/**
 * One watcher step: publish every block in (cursor, head - confirmations]
 * that holds Outbox Dispatch logs, then advance the cursor. Publishing happens
 * before the cursor moves (at-least-once; JetStream dedups by part id), so a
 * crash anywhere loses nothing. A cursor block that is no longer canonical
 * means a reorg deeper than the finality rule: logged loudly, the cursor
 * rewinds and the range is published again (orphaned blocks are refused by
 * the verifier's own finality check).
 */
export async function pollEvmWatcher(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  state: EvmWatcherState = {},
): Promise<PollResult> {
  const head = BigInt((await deps.rpc.request({ method: 'eth_blockNumber' })) as Hex)
  const safe = head - BigInt(opts.confirmations)
  // Idle cost: no new safe block since everything up to it was published, so nothing to read (one RPC per poll, no
  // query).
  if (state.doneUpTo !== undefined && safe <= state.doneUpTo) return void (await saveTrailingCursor(opts, deps, state))
  const cursor = state.cursor ?? (await deps.loadCursor())
  const next = decideWatchRange({ safe, cursor }, opts)
  if (next.kind === 'caughtUp') {
    state.doneUpTo = safe
    return void (await saveTrailingCursor(opts, deps, state))
  }
  const range = await pollRange(opts, deps, { cursor, next, safe })
  const { from, to } = range
  const { found, headers } = await readRange(opts, deps, range)
  const last = headers.at(-1) as RangeBlock // reason: the range holds block `to` at least
  const omitted = new Set(found.omitted.map((b) => b.hash))
  const headerOf = new Map(headers.map((h) => [h.hash, h]))
  let messages = 0
  await forEachInOrder(
    found.blocks,
    opts.fetchConcurrency,
    async (b) => ({ b, parts: await readBlockParts(opts, deps, b.hash, headerOf.get(b.hash)) }),
    async ({ b, parts }) => {
      const published = await publishBlockParts(opts, deps, parts)
      messages += published
      // A bloom names values that are not there now and then (a false positive: the read found nothing); a block whose
      // messages the node's logs left out is what would have been lost.
      if (omitted.has(b.hash) && published > 0) {
        deps.logger.error(
          { origin: opts.origin, block: b.number.toString(), hash: b.hash, messages: published },
          "eth_getLogs left out a block holding messages (its header bloom names the Outbox's Dispatch): read and " +
            'published anyway',
        )
      }
    },
  )
  const now = deps.now()
  const saved = decideCursorSave({ messages, savedAt: state.savedAt, now }, opts)
  if (saved) {
    await deps.saveCursor({ number: to, hash: last.hash })
    state.savedAt = now
  }
  state.trailing = !saved
  state.cursor = { number: to, hash: last.hash }
  if (to === safe) state.doneUpTo = safe
  return { from, to, blocks: found.blocks.length, messages }
}

/**
 * The range a poll reads and its last block. The next block names the cursor as its parent: the cursor is still
 * canonical, with no request to ask. Otherwise (a range, or a first poll) the cursor block is read back; a changed
 * hash is a reorg below the finality depth, and the range starts again after the rewound cursor.
 */
async function pollRange(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  p: { cursor: WatcherCursor | undefined; next: { from: bigint; to: bigint }; safe: bigint },
): Promise<{ from: bigint; to: bigint; last: RangeBlock }> {
  const { cursor, safe } = p
  const { from, to } = p.next
  const last = await getBlock(deps, to)
  const linked =
    cursor?.hash !== undefined &&
    to === cursor.number + 1n &&
    last.parentHash.toLowerCase() === cursor.hash.toLowerCase()
  if (linked || cursor?.hash === undefined) return { from, to, last }
  const checked = await checkCanonical(opts, deps, { number: cursor.number, hash: cursor.hash })
  const rewound = decideWatchRange({ safe, cursor: checked }, opts)
  // A rewound cursor lies below the old one, itself below the safe head: the rewound range is never empty.
  if (checked.hash !== undefined || rewound.kind !== 'read') return { from, to, last }
  return { from: rewound.from, to: rewound.to, last: await getBlock(deps, rewound.to) }
}

/**
 * The range's headers and its Dispatch logs: a block whose header bloom names the Outbox is read even when the node's
 * eth_getLogs left it out (a lying or lagging node), so no message is skipped by the cursor moving past it. Answers
 * that do not fit together (`RPC_DATA_INCONSISTENT`) are read again from each endpoint on its own, and those that
 * answered them inconsistently demoted (`readFromEachEndpoint`); else a lying first endpoint would stall the chain.
 */
async function readRange(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  p: { from: bigint; to: bigint; last: RangeBlock },
): Promise<{ found: FindMessageBlocksReturnType; headers: RangeBlock[] }> {
  try {
    return await readRangeFrom(opts, deps, p)
  } catch (error) {
    if (!isRelaymeshError(error, 'RPC_DATA_INCONSISTENT') || !deps.endpoints) throw error
    const at = { origin: opts.origin, from: p.from.toString(), to: p.to.toString() }
    deps.logger.warn(
      { err: error, ...at },
      'RPC answers for a range do not fit together: reading it from each endpoint',
    )
    return await readFromEachEndpoint({
      endpoints: deps.endpoints,
      read: (rpc) => readRangeFrom(opts, { ...deps, rpc }, { from: p.from, to: p.to, last: undefined }),
      first: error,
      logger: deps.logger,
      at,
    })
  }
}

/**
 * `last`: block `to` as the poll already has it; else it is read here with the others. A one-block range whose header
 * the poll has and whose bloom names no Dispatch of the Outbox (an idle chain's every block) asks for no logs.
 */
async function readRangeFrom(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  p: { from: bigint; to: bigint; last: RangeBlock | undefined },
): Promise<{ found: FindMessageBlocksReturnType; headers: RangeBlock[] }> {
  if (p.last && p.from === p.to && !mayHoldDispatch(p.last.logsBloom, opts.outbox)) {
    const headers = [p.last]
    return { found: findMessageBlocks({ origin: opts.origin, outbox: opts.outbox, headers, logs: [] }), headers }
  }
  const [logs, earlier, last] = await Promise.all([
    deps.rpc.request({
      method: 'eth_getLogs',
      params: [
        { address: opts.outbox, topics: [DISPATCH_TOPIC], fromBlock: numberToHex(p.from), toBlock: numberToHex(p.to) },
      ],
    }) as Promise<RpcLogEntry[]>,
    readHeaders(deps, p.from, p.to - 1n, opts.fetchConcurrency),
    p.last ?? getBlock(deps, p.to),
  ])
  const headers = [...earlier, last]
  return { found: findMessageBlocks({ origin: opts.origin, outbox: opts.outbox, headers, logs }), headers }
}

/** Headers of blocks `from..to` (none when `to < from`), read `concurrency` at a time, in chain order. */
async function readHeaders(deps: EvmWatcherDeps, from: bigint, to: bigint, concurrency: number): Promise<RangeBlock[]> {
  const numbers: bigint[] = []
  for (let n = from; n <= to; n++) numbers.push(n)
  const headers: RangeBlock[] = []
  await forEachInOrder(
    numbers,
    concurrency,
    (n) => getBlock(deps, n),
    async (block) => {
      headers.push(block)
    },
  )
  return headers
}

async function getBlock(deps: EvmWatcherDeps, number: bigint): Promise<RpcBlock> {
  const block = (await deps.rpc.request({
    method: 'eth_getBlockByNumber',
    params: [numberToHex(number), false],
  })) as RpcBlock | null
  if (!block) throw new RelayerError(`block ${number} vanished`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
  return block
}

async function checkCanonical(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  cursor: { number: bigint; hash: Hex },
): Promise<WatcherCursor> {
  const block = (await deps.rpc.request({
    method: 'eth_getBlockByNumber',
    params: [numberToHex(cursor.number), false],
  })) as RpcBlock | null
  const checked = decideCursorRewind({ cursor, canonicalHash: block?.hash }, opts)
  if (checked.rewound)
    deps.logger.error(
      { origin: opts.origin, cursor: cursor.number.toString(), rewound: checked.cursor.number.toString() },
      'reorg below the finality depth: rewinding',
    )
  return checked.cursor
}

async function publishBlockParts(
  opts: EvmWatcherOptions,
  deps: EvmWatcherDeps,
  parts: BlockBundleWire[],
): Promise<number> {
  const { fit, oversized, rejections } = oversizedPartRejections(parts, opts)
  for (const part of oversized) {
    deps.logger.error(
      {
        origin: opts.origin,
        block: part.blockNumber,
        bytes: part.bytes.length,
        limit: opts.maxBundleBytes,
        messages: part.messageCount,
      },
      'receipt too large for one bus message: its messages are rejected',
    )
  }
  if (rejections.length > 0) await deps.recordRejections(rejections)
  if (fit.length > 0) await deps.publish(fit)
  return fit.reduce((n, p) => n + p.messageCount, 0)
}

/**
 * Polls until `signal` aborts; retryable failures back off, others stop the loop loudly. Paced by `decidePollDelay`:
 * with a head subscription (`deps.wakeLive`) an idle watcher sleeps until the next block instead of asking for the
 * head every interval.
 */
export async function runEvmWatcher(opts: EvmWatcherOptions, deps: EvmWatcherDeps, signal: AbortSignal): Promise<void> {
  let failures = 0
  let idlePolls = 0
  const state: EvmWatcherState = {}
  while (!signal.aborted) {
    let result: PollResult
    try {
      result = await pollEvmWatcher(opts, deps, state)
      failures = 0
    } catch (error) {
      if (error instanceof RelayerError && error.action === 'fatal') throw error
      failures++
      deps.logger.warn({ err: error, failures }, 'watcher poll failed; retrying')
      await deps.sleep(decidePollDelay({ kind: 'failed', failures }, opts), signal)
      continue
    }
    if (result) deps.logger.debug({ ...result, from: result.from.toString(), to: result.to.toString() }, 'watched')
    const blocks = result ? result.to - result.from + 1n : 0n
    idlePolls = blocks > 0n ? 0 : idlePolls + 1
    const wakeLive = deps.wakeLive?.() ?? false
    const pause = decidePollDelay({ kind: 'polled', blocks, idlePolls, wakeLive }, opts)
    if (pause > 0) await deps.sleep(pause, signal)
  }
}
