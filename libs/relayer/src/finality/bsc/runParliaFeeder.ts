import { isRelaymeshError } from '@relaymesh/errors'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { readFromEachEndpoint } from '../../endpoints/readFromEachEndpoint.js'
import { RelayerError } from '../../RelayerError.js'
import { decidePollDelay } from '../../watcher/decidePollDelay.js'
import { decideFeederRewind } from './decideFeederRewind.js'
import { decideFeederRun } from './decideFeederRun.js'
import type { ParliaFeederDeps, ParliaFeederOptions } from './ParliaFeederDeps.js'
import { readParliaRun, type ParliaRpcBlock, type ParliaRun } from './readParliaRun.js'
import type { FeederCursor } from './rewindFeederCursor.js'

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
  opts: ParliaFeederOptions,
  deps: ParliaFeederDeps,
  state: ParliaFeederState = {},
): Promise<number> {
  state.cursor = state.cursor !== undefined ? state.cursor : await deps.loadCursor()
  if (state.refeedFrom !== undefined) await rewind(opts, deps, state, state.refeedFrom)
  const head = BigInt((await deps.rotation.rpc.request({ method: 'eth_blockNumber' })) as `0x${string}`) // reason: hex
  const run = decideFeederRun({ cursor: state.cursor, head }, opts)
  if (!run) return 0
  const blocks = await readRun(opts, deps, run)
  const headers = blocks.map((block) => bytesToHex(encodeBlockHeader(block)))
  const last = blocks.at(-1)
  const { from, to } = run
  await deps.publishRun(
    { origin: opts.origin, from: Number(from), headers },
    `parlia:${opts.origin}:${from}-${to}:${last?.hash}`,
  )
  const moved = {
    blockNumber: to,
    // reason: from <= to, so the run holds a block
    blockHash: hexToBytes((last as ParliaRpcBlock).hash),
  }
  await deps.saveCursor(moved)
  state.cursor = moved
  return headers.length
}

/** Moves the cursor back before the run that held a refused header (`decideFeederRewind`; stored, for a restart). */
async function rewind(
  opts: ParliaFeederOptions,
  deps: ParliaFeederDeps,
  state: ParliaFeederState,
  refusedAt: bigint,
): Promise<void> {
  const back = decideFeederRewind({ cursor: state.cursor ?? null, refusedAt }, opts)
  if (back) await deps.saveCursor(back)
  if (back) state.cursor = back
  state.refeedFrom = undefined
  if (back)
    deps.logger.warn(
      { origin: opts.origin, from: refusedAt.toString() },
      'feeding BSC headers again from before a refused header',
    )
}

/**
 * The run through the rotation; answers that do not fit together (`checkParliaRun`: a block not hashing, linking or
 * sealed by its miner) are read again from each endpoint on its own, and those that served them demoted.
 */
async function readRun(opts: ParliaFeederOptions, deps: ParliaFeederDeps, run: ParliaRun): Promise<ParliaRpcBlock[]> {
  try {
    return await readParliaRun(deps.rotation.rpc, run)
  } catch (error) {
    if (!isRelaymeshError(error, 'RPC_DATA_INCONSISTENT')) throw error
    const at = { origin: opts.origin, from: run.from.toString(), to: run.to.toString() }
    deps.logger.warn(
      { err: error, ...at },
      'BSC headers served do not fit together: reading the run from each endpoint',
    )
    return await readFromEachEndpoint({
      endpoints: deps.rotation,
      read: (rpc) => readParliaRun(rpc, run),
      first: error,
      logger: deps.logger,
      at,
    })
  }
}

/**
 * Polls until `signal` aborts, paced like the watcher (`decidePollDelay`: a full run goes on at once, a short one
 * waits an interval or, with a head subscription, for the next block; a failure backs off); a fatal error stops it
 * loudly.
 */
export async function runParliaFeeder(
  opts: ParliaFeederOptions,
  deps: ParliaFeederDeps,
  state: ParliaFeederState,
  signal: AbortSignal,
): Promise<void> {
  const pacing = {
    pollIntervalMs: opts.pollIntervalMs,
    maxBlocksPerPoll: opts.headersPerMessage,
    idlePollMs: opts.idlePollMs,
  }
  let failures = 0
  let idlePolls = 0
  while (!signal.aborted) {
    try {
      const sent = await pollParliaFeeder(opts, deps, state)
      failures = 0
      idlePolls = sent > 0 ? 0 : idlePolls + 1
      const wakeLive = deps.wakeLive?.() ?? false
      const pause = decidePollDelay({ kind: 'polled', blocks: BigInt(sent), idlePolls, wakeLive }, pacing)
      if (pause > 0) await deps.sleep(pause, signal)
    } catch (error) {
      if (error instanceof RelayerError && error.action === 'fatal') throw error
      failures++
      deps.logger.warn({ err: error, failures }, 'parlia feeder poll failed; retrying')
      await deps.sleep(decidePollDelay({ kind: 'failed', failures }, pacing), signal)
    }
  }
}
